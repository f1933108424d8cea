"""Numbers in prose: Chinese and Arabic numerals, multipliers, qualifiers and measure words.

Shared by the narrative tagger and the metrics reconciler (like ``units.py``), so
both read a quantity the same way. ``find_quantities`` scans one stretch of prose
and returns every quantity it can read, already cleared of the distractors the
contract lists (dates, periods, document and article numbers, list ordinals,
phone numbers, postcodes, addresses, URLs, names containing numbers, counts of
the report's own structure, ranks).

Documented rules:

* ``value`` resolves 万/亿 ("18万余条" → 180000, qualifier ``over``); a percentage
  keeps the printed number (``100%`` → 100, unit ``%``).
* Ranges ("10-20次", "3至5场") give ``value`` = the lower bound, qualifier
  ``over`` (the range promises at least the lower bound) and ``value_max`` = the
  upper bound.
* A number may be split from its unit, and its digits from each other, by one
  line break (PDF line wrapping), with at most two blank lines in it: converters that
  write a PDF's lines as boxes (pdfminer, pdf2md, pdf-reader) put one or two blank lines
  after each wrapped line. A Chinese numeral may also be split by a space (a converter that
  joins wrapped lines with one: 三 千六百六十四封); Chinese prose never spaces a numeral.
* A decimal point may have one space after it (``3. 58%``): PDF text extraction puts
  one where the point's glyph leaves a gap, in Chromium's PDFs through our own ingest
  and most converters. Only after a character on its line, or at a line's start where
  the line before ends no sentence, so that a list ordinal (``1. 2020年…``) opening a
  line is never read as a decimal.
* A running footer's page count (``第1页 共10页``, ``1 共3页``) is the report's own structure, no count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS) + "".join(CN_BIG)


def parse_chinese_numeral(text: str) -> int | None:
    """Value of a Chinese numeral (一千二百 → 1200, 一万零五 → 10005, 两 → 2, 二〇二〇 → 2020).

    A string of bare digits without 十/百/千/万 reads digit by digit; a trailing digit
    right after a unit is the colloquial abbreviation (一千二 → 1200, 一万二 → 12000).
    Returns None when ``text`` is not a numeral.
    """
    if not text or any(ch not in _CN_CHARS for ch in text):
        return None
    if len(text) > 1 and all(ch in CN_DIGITS for ch in text):
        return int("".join(str(CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    last_unit, zero_seen = 1, False
    for ch in text:
        if ch in CN_DIGITS:
            zero_seen = zero_seen or CN_DIGITS[ch] == 0
            digit = CN_DIGITS[ch]
        elif ch in CN_UNITS:
            section += (1 if digit is None else digit) * CN_UNITS[ch]
            digit, last_unit, zero_seen = None, CN_UNITS[ch], False
        else:  # 万 / 亿 close a section
            big = CN_BIG[ch]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            if big == 100_000_000:
                total = (total + section) * big
            else:
                total += section * big
            section, digit, last_unit, zero_seen = 0, None, big, False
    if digit is not None:
        # 一千二 = 1200 but 一千零二 = 1002
        section += digit * (last_unit // 10 if last_unit >= 100 and not zero_seen else 1)
    return total + section


def parse_arabic(text: str) -> float | int | None:
    """Value of an Arabic number with optional separators, full-width digits and a line break inside."""
    clean = re.sub(r"\s", "", text.translate(_FULLWIDTH).replace(",", ""))
    if not re.fullmatch(r"\d+(?:\.\d+)?", clean):
        return None
    return float(clean) if "." in clean else int(clean)


def _as_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)


# ----------------------------------------------------------------------------------------------
# measure words

# Counting units, longest first so 人次 wins over 人. 个 is special (its noun is checked).
COUNT_UNITS = (
    "个百分点",
    "人次",
    "件次",
    "条次",
    "场次",
    "批次",
    "期次",
    "户次",
    "余次",
    "万元",
    "亿元",
    "千元",
    "元",
    "条",
    "件",
    "个",
    "次",
    "期",
    "场",
    "篇",
    "名",
    "人",
    "项",
    "家",
    "批",
    "份",
    "户",
    "封",
    "部",
    "本",
    "册",
    "张",
    "套",
    "轮",
    "组",
    "位",
    "支",
    "台",
    "页",
    "所",
    "类",
    "处",
    "起",
    "宗",
    "例",
    "则",
    "幅",
    "集",
    "笔",
    "字",
    "班",
    "节",
    "栏",
    "款",
    "遍",
    "%",
)
# Units that mark time, dates, addresses or document numbers: never a metric.
TIME_UNITS = (
    "个工作日",
    "工作日",
    "个季度",
    "季度",
    "个月",
    "月份",
    "周年",
    "年度",
    "年",
    "月",
    "日",
    "天",
    "小时",
    "分钟",
    "秒",
    "周",
    "号",
    "时",
    "岁",
    "届",
    "点",
    "级",
)
# Units a Chinese numeral may carry and still be a count (字/级/点 … read as names: 三字诀, 三级严控).
_CN_OK_UNITS = set(COUNT_UNITS) - {"字", "节", "栏", "款", "遍", "页", "则", "集", "幅", "处", "类", "组", "台"}
# Nouns after 个 (or as unit) that count the report's own structure or are slogans, not work.
STRUCTURE_NOUNS = (
    "部分",
    "方面",
    "阶段",
    "层面",
    "环节",
    "维度",
    "要点",
    "意识",
    "自信",
    "维护",
    "确立",
    "全面",
    "务必",
    "伟大",
    "代表",
    "中心",
    "基本点",
    "一百年",
    "百年",
    "统筹",
    "坚持",
    "结合",
    "原则",
    "字",
    "窗口",
    "平台",
    "机制",
    "体系",
    "战略",
    "目标",
    "工程",
)
# Fixed names and idioms that contain a number followed by a measure word.
NAME_PATTERNS = re.compile(
    r"一件事|跑一次|一次办|一次性|一次告知|一条龙|一站式|一张网|一张图|一批|一网通|千家万户|一本通|一码通|"
    r"一把手|一体化|一事一议|一户一档|一人一档|一企一策|一案一策|一村一|一镇一|一县一|一区一|"
    r"\d+(?:\s*)(?:热线|服务热线|便民热线|政务服务热线|平台)"
)

QUAL_OVER_PRE = ("超过", "超", "逾", "突破", "至少", "多于", "高于", "不少于", "不低于")
QUAL_APPROX_PRE = ("大约", "约", "将近", "接近", "近", "大概")
QUAL_UNDER_PRE = ("不足", "不到", "少于", "低于", "未满", "不超过")
QUAL_OVER_POST = ("余", "多", "以上", "有余")
QUAL_APPROX_POST = ("左右", "上下")
QUAL_UNDER_POST = ("以下", "以内")


@dataclass
class Quantity:
    """One number read from prose (offsets relative to the scanned string)."""

    start: int
    end: int
    value: int | float
    unit: str | None
    qualifier: str | None
    raw: str
    num_start: int
    num_end: int
    value_max: int | float | None = None
    chinese: bool = False


_WRAP = r"[ \t]*\n(?:[ \t]*\n){0,2}[ \t]*"  # a line break, at most two blank lines with it (see the module docstring)
# a decimal point with a space after it (3. 58%): after a character on its line, or at a line's start where the
# line before ends no sentence (占比\n26. 04%); never a list's ordinal (1. 2020年…) opening a line
_OPEN_SENTENCE = r"[^\s\d.,。！？；：:!?;]"
_AR = (rf"(?:(?<=[^\s\d.,])|(?<={_OPEN_SENTENCE}\n)|(?<={_OPEN_SENTENCE}\n\n))\d+\. \d+(?!\d*[.．、])"
       rf"|\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:{_WRAP}\d+)?(?:\.\d+)?")
# a Chinese numeral may also be split by a PDF line break or a space (三十\n八个, 三 千六百)
_CN = rf"[零〇○一二两三四五六七八九十百千万亿]+(?:(?:{_WRAP}|[ \t])[零〇○一二两三四五六七八九十百千万亿]+)?"
_NUM_RE = re.compile(
    rf"(?P<ar>{_AR})(?:\s{{0,2}}(?P<armul>千万|百万|万|亿)(?!元))?"
    rf"|百分之(?P<pct>{_CN})"
    rf"|(?P<cn>{_CN})"
)
_RANGE_SEP = re.compile(r"\s*(?:-|~|～|—|－|至|到)\s*")
_URLISH = re.compile(r"(?:https?://|www\.)[\w./:%#?=&~+-]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[A-Za-z][\w./:-]*\d[\w./:-]*")
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-—－ ]?\d{7,8}|1[3-9]\d{9}|\d{7,8}(?=\D{0,2}(?:电话|传真)))(?!\d)")
_ID_CONTEXT = re.compile(r"(?:电话|传真|邮编|邮政编码|手机|热线|信箱|邮箱|QQ|qq|编号|代码|地址|网址|文号)[：:\s]*$")
_ENCLOSED_OPEN = "〔[【（(［"
# a running footer, blocked like a URL: 第M页 共N页 (also run into the line before it, as pdfreader writes it),
# 共N页 第M页, and at a line's start WeasyPrint's ``1 共3页`` or 共N页 alone
_PAGE_FOOTER = re.compile(
    r"第\s*\d{1,4}\s*页\s*[,，/]?\s*共\s*\d{1,4}\s*页|共\s*\d{1,4}\s*页\s*第\s*\d{1,4}\s*页"
    r"|(?:^|(?<=\n))[ \t]*(?:[-—–]?[ \t]*\d{1,4}[ \t]*[-—–]?[ \t]*)?共\s*\d{1,4}\s*页[ \t]*(?=\n|$)"
)


def _skip_ws(text: str, pos: int, *, newlines: int = 1) -> int:
    """Advance past spaces and at most ``newlines`` line breaks."""
    seen = 0
    while pos < len(text) and text[pos] in " \t\n":
        if text[pos] == "\n":
            seen += 1
            if seen > newlines:
                break
        pos += 1
    return pos


def _match_unit(text: str, pos: int) -> tuple[str | None, int, bool]:
    """(unit, end, is_time) of the measure word at ``pos`` after optional whitespace (a wrap: one line
    break and at most two blank lines)."""
    p = _skip_ws(text, pos, newlines=3)
    for unit in TIME_UNITS:
        if text.startswith(unit, p) and not (unit == "时" and text.startswith("时间", p)):
            if unit in ("点", "级") and text.startswith(("点击", "点赞", "级政"), p):
                break
            return unit, p + len(unit), True
    for unit in COUNT_UNITS:
        if text.startswith(unit, p):
            return unit, p + len(unit), False
    if text.startswith("％", p):
        return "%", p + 1, False
    return None, pos, False


def _prefix_qualifier(text: str, start: int) -> str | None:
    before = text[max(0, start - 4) : start].rstrip(" \n")
    for words, qual in ((QUAL_UNDER_PRE, "under"), (QUAL_OVER_PRE, "over"), (QUAL_APPROX_PRE, "approx")):
        for word in words:
            if before.endswith(word):
                # 将近/接近 handled by their own entries; 近 inside 最近/附近 is not a qualifier
                if word == "近" and before.endswith(("最近", "附近", "临近", "就近", "贴近", "亲近")):
                    continue
                return qual
    return None


def _postfix_qualifier(text: str, pos: int) -> tuple[str | None, int]:
    p = _skip_ws(text, pos, newlines=1)
    for words, qual in ((QUAL_OVER_POST, "over"), (QUAL_APPROX_POST, "approx"), (QUAL_UNDER_POST, "under")):
        for word in words:
            if text.startswith(word, p):
                return qual, p + len(word)
    return None, pos


_COUNT_NOUNS = ("件数", "人数", "次数", "总数", "条数", "个数", "户数", "篇数", "场数")


def _is_ordinal_or_name(text: str, start: int, end: int, value_text: str, chinese: bool) -> bool:
    """True for list ordinals, 第N, 之一, enclosed document numbers and similar non-counts."""
    before = text[max(0, start - 3) : start].rstrip(" \n")
    after = text[end : end + 2]
    if before.endswith(("第", "其", "之", "每", "前", "位列", "排名", "位居", "数", "几", "若", "星期", "周")) and not (
        before.endswith(_COUNT_NOUNS)  # 件数14件, 人数30人: a count named, not 数十
    ):
        return True
    window = text[max(0, start - 40) : start]  # bounded look-back keeps the scan linear on huge lines
    if window.rfind("《") > window.rfind("》"):
        return True  # inside a title: 《七个专项行动》
    if value_text == "一" and before.endswith(("逐", "唯", "统", "进", "万")):
        return True  # 逐一, 唯一, 统一, 进一步, 万一
    if before.endswith(tuple(_ENCLOSED_OPEN)) and re.match(r"\s*[〕\]】）)］]", text[end:]):
        return True  # （1） list marker or 〔2020〕 year of a document number
    if re.match(r"\s*(?:是|、|\.(?!\d)|．|）|\)|〕|\])", text[end:]) and not re.match(
        r"\s*[）)]\s*(?:条|件|个|次)", text[end:]
    ):
        return True  # 一是 / 1. / 1、 / 3） / 〔2020〕
    if before.endswith(("以下", "如下", "下列", "以上")):
        return True  # 以下3个问题: the report's own list
    if before.endswith(("“", "「", "‘", '"')) and re.match(r"[^“”\"，。]{0,8}[”」’\"]", text[end:]):
        return True  # a quoted name: “两个责任”, “五公开”, “12345”
    if after.startswith(("×", "*", "x", "X", "+")) or before.endswith(("×", "*", "+")):
        return True  # 7×24小时, 1+N
    if re.search(r"[-—－/]$", before) and not chinese:
        return True  # tail of a phone number, date or code
    # 一起/一步/一些/一定…: words, not counts
    if re.match(r"起[，,。；;）)]", text[end : end + 2]):
        return False  # 复议一起。 is a count
    return chinese and value_text == "一" and bool(re.match(r"[起步些定般致直线同道边方面并旦体手]", after))


def find_quantities(text: str) -> list[Quantity]:
    """Every count or measure in ``text`` (one stretch of prose), distractors removed.

    Args:
        text: prose, normally one paragraph of ``doc.text``.

    Returns:
        Quantities in order of appearance, offsets relative to ``text``.
    """
    text = text.translate(_FULLWIDTH)
    blocked = [(m.start(), m.end()) for m in _URLISH.finditer(text)]
    blocked += [(m.start(), m.end()) for m in _PHONE.finditer(text)]
    blocked += [(m.start(), m.end()) for m in NAME_PATTERNS.finditer(text)]
    blocked += [(m.start(), m.end()) for m in _PAGE_FOOTER.finditer(text)]  # the report's own structure
    out: list[Quantity] = []
    pos = 0
    while True:
        m = _NUM_RE.search(text, pos)
        if not m:
            break
        pos = m.end()
        q = _read_quantity(text, m)
        if q is None or any(s < q.num_end and q.num_start < e for s, e in blocked):
            continue
        out.append(q)
        pos = max(pos, q.end)
    return _drop_slogan_runs(text, out)


_SLOGAN_GAP = re.compile(r"[^\d、，,。；;]{1,4}、")


def _drop_slogan_runs(text: str, found: list[Quantity]) -> list[Quantity]:
    """Drop runs of the same Chinese count with short nouns in a 、 list (三个安全、三个环境、三个质量): slogans."""
    drop: set[int] = set()
    for i in range(len(found) - 1):
        a, b = found[i], found[i + 1]
        if a.chinese and b.chinese and a.raw == b.raw and _SLOGAN_GAP.fullmatch(text, a.end, b.start):
            drop |= {i, i + 1}
    return [q for i, q in enumerate(found) if i not in drop]


def _read_quantity(text: str, m: re.Match[str]) -> Quantity | None:
    start, end = m.start(), m.end()
    chinese = m.group("cn") is not None
    if m.group("pct") is not None:
        value = parse_chinese_numeral(m.group("pct"))
        if value is None:
            return None
        return Quantity(start, end, value, "%", _prefix_qualifier(text, start), text[start:end], start, end)
    if chinese:
        num_text = re.sub(r"\s", "", m.group("cn"))
        # strip a trailing 万/亿 used as the unit-less multiplier only when a digit precedes
        value = parse_chinese_numeral(num_text)
        if value is None or num_text in ("万", "亿", "千", "百") and not _accepts_bare_big(text, end):
            return None
    else:
        num_text = m.group("ar")
        ctx = _ID_CONTEXT.search(text[max(0, start - 8) : start])
        if ctx and not (re.match(r"热线|信箱|邮箱", ctx.group(0)) and len(num_text) <= 4 and not text[start - 1].isdigit()
                        and not re.match(r"\s*[”\"]", text[end:])):
            return None
        value = parse_arabic(num_text)
        if value is None:
            return None
        mul = m.group("armul")
        if mul:
            value = value * {"万": 10_000, "亿": 100_000_000, "千万": 10_000_000, "百万": 1_000_000}[mul]
    if _is_ordinal_or_name(text, start, end, num_text, chinese):
        return None
    qualifier = _prefix_qualifier(text, start)
    post_qual, p = _postfix_qualifier(text, end)
    value_max = None
    rng = _RANGE_SEP.match(text, p)
    if rng and not post_qual:
        m2 = _NUM_RE.match(text, rng.end())
        if m2 and (m2.group("ar") or m2.group("cn")) and bool(m2.group("cn")) == chinese:
            hi = parse_chinese_numeral(m2.group("cn")) if chinese else parse_arabic(m2.group("ar"))
            unit2, _, is_time2 = _match_unit(text, m2.end())
            if hi is not None and unit2 and not is_time2:
                value_max, p, post_qual = hi, m2.end(), "over"
    # 18万余条: a multiplier may follow the qualifier (18余万)
    if post_qual and not chinese and not m.group("armul"):
        mul_m = re.match(r"(万|亿)", text[p:])
        if mul_m:
            value = value * CN_BIG[mul_m.group(1)]
            p += 1
    unit, uend, is_time = _match_unit(text, p)
    if is_time:
        return None
    if unit == "余次":
        unit, post_qual = "次", "over"
    if unit is None and text[_skip_ws(text, p) : _skip_ws(text, p) + 1] == "%":
        unit, uend = "%", _skip_ws(text, p) + 1
    if unit is None:
        if chinese or not _accepts_unitless(text, start, p):
            return None
        uend = p
    if unit is not None and not _unit_is_count(text, unit, uend, chinese, value):
        return None
    # qualifier after the unit: 100条以上, 5次左右
    if not post_qual and unit is not None:
        q2, p2 = _postfix_qualifier(text, uend)
        if q2 and q2 != "over" or (q2 == "over" and text.startswith("以上", _skip_ws(text, uend))):
            post_qual, uend = q2, p2
    return Quantity(
        start=start,
        end=uend,
        value=_as_number(value),
        unit=unit,
        qualifier=qualifier or post_qual,
        raw=text[start:uend],
        num_start=start,
        num_end=end,
        value_max=value_max,
        chinese=chinese,
    )


def _accepts_bare_big(text: str, end: int) -> bool:
    """A lone 百/千/万 counts only with 余/多 (百余条), never inside words like 百姓 or 万家."""
    return bool(re.match(r"(?:余|多)", text[end:]))


def _accepts_unitless(text: str, start: int, pos: int) -> bool:
    """A bare Arabic number is a metric only after a measuring cue and before a boundary (总浏览量为536万)."""
    nxt = text[_skip_ws(text, pos) : _skip_ws(text, pos) + 1]
    if nxt and nxt not in "，。；、,;）)\n" and not nxt.isspace():
        return False
    before = text[max(0, start - 8) : start].rstrip(" \n")
    before = re.sub(r"(?:均|都|已|累计)?(?:超过|超|逾|突破|近|约|不足)$", "", before)  # 均超过100万: the cue is before the qualifier
    return bool(re.search(r"(?:量|数|为|达|达到|计|共|是)$", before))


def _unit_is_count(text: str, unit: str, uend: int, chinese: bool, value: float) -> bool:
    follow = text[uend : uend + 4]
    if chinese and unit not in _CN_OK_UNITS:
        return False
    if unit in ("个", "项", "大") and follow.startswith(STRUCTURE_NOUNS):
        return False
    if chinese and follow.startswith(("“", "「", '"')):
        return False  # 四个“一律”: a slogan
    if unit in ("方面",):
        return False
    if unit in ("字",) and follow.startswith(("诀", "经", "方针")):
        return False
    if unit == "名" and re.match(r"[次列]", follow):
        return False  # 第N名 style ranks caught earlier; 名次
    # 两部门 = a name-like count of bodies; 部署
    return not (unit == "部" and follow.startswith(("门", "署", "分", "委")))
