"""The phrase grammar of report prose: metric clause templates and distractor sentences.

Template language (all written for this project):

* ``(a|b|c)`` one of the alternatives (no nesting);
* ``<…>`` the METRIC_SUBJECT of the next metric slot;
* ``{type|units|kind}`` a metric slot: a CONTRACT.md metric type, the measure
  words it may take (comma-separated, ``-`` for none) and how its value is drawn
  (``count``, ``small``, ``people``, ``pct``, ``big``, ``money``, or ``fact:<name>``
  for a number that must agree with the tables);
* ``{agency}``, ``{short}``, ``{year}``, ``{prev}`` plain fillers.

Each template is one sentence pattern; ``patterns()`` expands the alternatives.
"""

from __future__ import annotations

# (section, template). Section: where the clause is written (overview / problems / other).
METRIC_TEMPLATES: tuple[tuple[str, str], ...] = (
    # -- proactive_items
    ("overview", "通过(门户网站|政府网站|政务公开专栏|政府信息公开平台)<主动公开(政府信息|各类信息|政务信息)>{proactive_items|条|count}"),
    ("overview", "(全年|本年度|{year}年)(共|累计)<(主动公开|公开发布)(政府信息|政务信息)>{proactive_items|条,件|count}"),
    ("overview", "<在政府信息公开专栏(更新|发布)信息>{proactive_items|条|count}"),
    ("overview", "<主动公开的政府信息>(达到|共计|合计){proactive_items|条|count}"),
    ("overview", "(依法|及时)<主动公开(各类|)政府信息>{proactive_items|条|count}，(同比增长|较上年有所增加|保持稳定)"),
    ("overview", "全年<公开政府信息总量>为{proactive_items|条|count}"),
    ("overview", "<通过(信息公开目录|公开目录系统)发布信息>{proactive_items|条|count}"),
    # -- proactive_category_items (standalone)
    ("overview", "(发布|公开)<(政府工作报告及执行落实情况|财政预决算信息|重大建设项目信息|人事任免信息|政府采购信息)>{proactive_category_items|条|small}"),
    ("overview", "其中<(公开|发布)(规范性文件|行政规范性文件)>{proactive_category_items|件,条|small}"),
    ("overview", "<(公开|发布)(人事信息|财政资金信息|工作动态|通知公告)>{proactive_category_items|条|count}"),
    # -- policy_interpretations
    ("overview", "<(发布|制作)(政策解读|解读)(材料|信息|文章)>{policy_interpretations|篇,条,件|small}"),
    ("overview", "(围绕|聚焦)(重点工作|重大决策部署)，<(制作|推出)(图文解读|图解|解读视频|动漫解读)>{policy_interpretations|个,期,条,篇|small}"),
    ("overview", "<(开展|组织)政策(吹风|问答)>{policy_interpretations|次,场|small}"),
    ("overview", "(主要负责同志|领导干部)<(带头解读政策|参与政策解读)>{policy_interpretations|次|small}"),
    ("overview", "<(发布|编发)政策问答>{policy_interpretations|条,期|small}"),
    # -- press_conferences
    ("overview", "<(召开|举办)新闻发布会>{press_conferences|场,次|small}"),
    ("overview", "<(举办|组织)(新闻发布活动|政策发布会|在线访谈)>{press_conferences|场,次,期|small}"),
    ("overview", "(全年|本年度)<(参与|承办)(市政府|区政府|县政府)新闻发布会>{press_conferences|场|small}"),
    ("overview", "<(组织|开展)(媒体见面会|政务开放日活动)>{press_conferences|次,场|small}"),
    # -- opinion_responses
    ("overview", "<(回应|及时回应)(社会关切|公众关切|热点问题)>{opinion_responses|件,次,条|small}"),
    ("overview", "<(妥善处置|处置)(舆情事件|网络舆情)>{opinion_responses|起,件|small}"),
    ("overview", "<(答复|回应)(网民留言|群众诉求)>{opinion_responses|件,条|count}"),
    ("overview", "<(回应|解答)(涉疫|民生)热点问题>{opinion_responses|个,条|small}"),
    # -- opinion_bulletins
    ("overview", "<(编发|报送|编印)舆情(快报|专报|日报|简报)>{opinion_bulletins|期,份|small}"),
    ("overview", "<(形成|上报)舆情分析报告>{opinion_bulletins|份,篇|small}"),
    ("overview", "<(编报|报送)(政务信息专报|舆情周报)>{opinion_bulletins|期|small}"),
    # -- new_media_accounts
    ("overview", "(全区|全县|全市|本系统)(共|)<(开设|运营|录入)政务新媒体(账号|)>{new_media_accounts|个|small}"),
    ("overview", "<(开通|运维)(政务微信公众号|政务微博|政务抖音号)>{new_media_accounts|个|small}"),
    ("overview", "<(关停整合|清理整合)(僵尸|低效)账号>{new_media_accounts|个|small}"),
    ("overview", "<(备案|纳入管理的)政务新媒体>{new_media_accounts|个,家|small}"),
    # -- new_media_posts
    ("overview", "(通过|依托)(政务微信|微信公众号|政务微博|官方微博)<(发布|推送)(政务信息|信息|文章)>{new_media_posts|条,篇|count}"),
    ("overview", "<(在新媒体平台|在“两微一端”)(发布|推送)信息>{new_media_posts|条|count}"),
    ("overview", "<(撰写|报送)(新闻稿件|宣传稿件|政务信息)>{new_media_posts|篇,条|count}"),
    ("overview", "<(被|获)(上级媒体|省级以上媒体)采用(稿件|信息)>{new_media_posts|篇,条|small}"),
    ("overview", "<公众号(推文|发文)>{new_media_posts|篇,条|count}"),
    # -- training_sessions / training_participants
    ("overview", "<(组织|开展)(政务公开|政府信息公开|业务)培训>{training_sessions|次,期,场|small}"),
    ("overview", "<(举办|组织)(专题培训班|业务培训会)>{training_sessions|期,场,次|small}"),
    ("overview", "<(参加|组织参加)上级(业务|政务公开)培训>{training_sessions|次,场|small}"),
    ("overview", "<(开展|组织)(政务公开|信息公开)培训>{training_sessions|次,期|small}，<(培训|参训)(人员|干部)>{training_participants|人次,人,名|people}"),
    ("overview", "<(累计|共)培训(工作人员|干部职工|业务骨干)>{training_participants|人次,人,名|people}"),
    ("overview", "<(参加培训|参训)(人员|人数)>(达|共){training_participants|人次,人|people}"),
    ("problems", "<(组织|开展)(业务|专题)培训>{training_sessions|次,场|small}"),
    # -- applications_received
    ("overview", "(共|全年|本年度)<(收到|受理|新收)政府信息公开申请>{applications_received|件,份,宗|fact:new_received}"),
    ("overview", "<(受理|收到)依申请公开(申请|事项)>{applications_received|件|fact:new_received}"),
    ("overview", "<(新收|收到)(公民|群众|申请人)(提出的|)政府信息公开申请>{applications_received|件|fact:new_received}"),
    ("overview", "<(上年结转|结转上年度)(申请|政府信息公开申请)>{applications_received|件|fact:carried_over}"),
    ("overview", "<(通过(网上|在线)申请平台|以信函方式)(收到|提交)申请>{applications_received|件|fact:new_received}"),
    # -- applications_answered
    ("overview", "(已|均已)<(办结|按时办结|答复)(申请|政府信息公开申请)>{applications_answered|件|fact:total_processed}"),
    ("overview", "<(依法|按期)(答复|办理)(申请|依申请公开事项)>{applications_answered|件|fact:total_processed}"),
    ("overview", "<(予以公开|同意公开)>{applications_answered|件|fact:granted}"),
    ("overview", "<(部分公开)>{applications_answered|件|fact:partial}"),
    ("overview", "<(告知本机关不掌握相关信息|不掌握相关政府信息)>{applications_answered|件|fact:unable_not_held}"),
    ("overview", "<(结转下年度办理|结转下年度继续办理)>{applications_answered|件|fact:carried_forward}"),
    # -- reply_rate
    ("overview", "<(答复及时率|按时答复率|办结率)>(为|达|达到){reply_rate|%|pct}"),
    ("overview", "<(申请人满意率|答复满意率)>(为|达){reply_rate|%|pct}"),
    ("overview", "<(依申请公开|政府信息公开申请)(按期答复率|答复率)>(保持|达到){reply_rate|%|pct}"),
    # -- admin_reviews / lawsuits
    ("overview", "(因政府信息公开|因依申请公开)<(引起|被申请)行政复议>{admin_reviews|件,起|fact:review}"),
    ("overview", "<(发生|涉及)(政府信息公开|信息公开)行政复议(案件|)>{admin_reviews|件,起|fact:review}"),
    ("overview", "<行政复议(维持|结果维持)>{admin_reviews|件|fact:review_upheld}"),
    ("overview", "<(引发|发生)行政诉讼(案件|)>{lawsuits|件,起|fact:litigation}"),
    ("overview", "<(被提起|应诉)行政诉讼>{lawsuits|件,起|fact:litigation}"),
    ("overview", "<行政诉讼(案件|)(尚未审结|未审结)>{lawsuits|件|small}"),
    # -- mailbox_messages
    ("overview", "<(通过|经)(领导信箱|书记信箱|局长信箱|县长信箱|区长信箱)(收到|受理)(来信|群众来信)>{mailbox_messages|件,封,条|count}"),
    ("overview", "<(办理|办结)(12345热线|政务服务热线)(工单|转办件)>{mailbox_messages|件,条|count}"),
    ("overview", "<(回复|答复)(网民来信|信箱留言)>{mailbox_messages|件,条,封|count}"),
    ("overview", "<(受理|接听)(咨询电话|群众来电)>{mailbox_messages|个,次,通|count}"),
    # -- gazette_issues
    ("overview", "<(编印|出版|刊发)(政府公报|《政府公报》)>{gazette_issues|期|small}"),
    ("overview", "<(发放|赠阅)政府公报>{gazette_issues|期,份,册|count}"),
    ("overview", "<(政府公报|公报)(刊登|刊载)(规范性文件|文件)>{other|件,篇|small}"),
    # -- opinion_solicitations
    ("overview", "<(开展|组织)(意见征集|征求意见)>{opinion_solicitations|次,项|small}"),
    ("overview", "<(公开征求意见|网上征集意见)(事项|草案)>{opinion_solicitations|项,个,件|small}"),
    ("overview", "<(收集|收到)(意见建议|公众意见)>{opinion_solicitations|条,件|count}"),
    ("overview", "<(邀请|组织)(公众代表|利益相关方)(列席|参加)(会议|常务会议)>{other|人次,次,名|small}"),
    # -- info_fees
    ("other", "<(收取|收缴)信息处理费>{info_fees|元,万元|money}"),
    ("other", "(本年度|{year}年)<(收取|产生)信息处理费(的申请|案件)>{info_fees|件|small}"),
    ("other", "<信息处理费(收费金额|总额)>(为|共){info_fees|元|money}"),
    # -- website_posts
    ("overview", "(政府网站|门户网站)<(发布|更新)(信息|政务信息|稿件)>{website_posts|条,篇|count}"),
    ("overview", "<(网站|门户网站)(累计|全年)(更新|发布)(信息|内容)>{website_posts|条|count}"),
    ("overview", "<(更新|维护)(公开目录|信息公开目录)(信息|条目)>{website_posts|条|count}"),
    ("overview", "<(网站|政府网站)(转载|转发)上级信息>{website_posts|条,篇|count}"),
    # -- page_views
    ("overview", "<(网站|门户网站|政府网站)(总浏览量|访问量|点击量)>(为|达|达到|累计){page_views|-,次,人次|big}"),
    ("overview", "<(政务新媒体|公众号)(阅读量|累计阅读量)>(达|超){page_views|-,次|big}"),
    ("overview", "<(专栏|政策解读专区)(浏览|访问)(量|次数)>(为|达){page_views|次,-|big}"),
    # -- interactions
    ("overview", "<(在线|网上)(互动交流|答复网民提问)>{interactions|次,条,件|count}"),
    ("overview", "<(开展|组织)(网上|在线)(访谈|直播)(互动|活动)>{interactions|期,次,场|small}"),
    ("overview", "<(回复|答复)(网民评论|留言评论)>{interactions|条|count}"),
    ("overview", "<(征集|收到)(网民提问|互动留言)>{interactions|条,个|count}"),
    # -- staff
    ("overview", "<(配备|明确)(专职|兼职)(工作人员|信息员)>{staff|名,人|small}"),
    ("overview", "<(政务公开|信息公开)(工作人员|专职人员)>(共|){staff|名,人|small}"),
    ("overview", "<(设立|指定)(信息公开|政务公开)联络员>{staff|名|small}"),
    # -- columns
    ("overview", "<(开设|新增|设立)(专栏|专题栏目|专题)>{columns|个|small}"),
    ("overview", "<(优化调整|整合)(网站栏目|公开栏目)>{columns|个|small}"),
    ("overview", "<(新设|开通)(政策解读|惠企政策)专区>{columns|个|small}"),
    # -- tasks
    ("overview", "(全面|扎实)完成(各类|年度|){tasks|项|small}<(重点|公开)(工作|任务)>"),
    ("overview", "<(分解|落实)(政务公开|年度)(工作要点|重点任务)>{tasks|项|small}"),
    ("overview", "<(梳理|编制)(公开事项|事项清单)>{tasks|项,个,条|count}"),
    ("problems", "<(制定|明确)整改措施>{tasks|项,条|small}"),
    ("problems", "<(排查|梳理)(问题|薄弱环节)>{tasks|个,项,处|small}"),
    # -- other
    ("overview", "<政策性文件的解读率>(达|为){other|%|pct}"),
    ("overview", "<(标准化规范化目录|基层公开事项)(覆盖率|完成率)>(达|为){other|%|pct}"),
    ("overview", "<(开展|组织)(自查|督查|检查)>{other|次,轮|small}"),
    ("overview", "<(发现并整改|整改)(错误信息|问题)>{other|个,条,处|small}"),
    ("overview", "<(公开|发布)(预决算|部门预算)信息>{other|条,项|small}"),
    ("problems", "<(发现|整改)(网站|栏目)(问题|错别字)>{other|个,处|small}"),
)

# Sentences without any metric: every number in them is a distractor (CONTRACT.md "Not metrics").
DISTRACTORS: tuple[str, ...] = (
    "本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。",
    "本年度报告由{agency}编制，全文包括总体情况、主动公开政府信息情况等六个部分。",
    "根据《中华人民共和国政府信息公开条例》（国务院令第711号）第五十条规定，编制本报告。",
    "如对本报告有任何疑问，请联系{short}政务公开办公室，联系电话：0{tel3}-{tel7}，邮编：{post}。",
    "本报告电子版可在{agency}门户网站（https://www.{dom}.gov.cn/zwgk/）下载。",
    "严格执行“三审三校”制度，确保信息发布安全。",
    "畅通12345热线，实行7×24小时受理。",
    "持续办好“两微一端”，提升传播力。",
    "按照《关于做好{year}年政务公开工作的通知》（{docpref}〔{year}〕{docno}号）要求，逐项抓好落实。",
    "认真落实条例第二十条规定的主动公开内容。",
    "一是加强组织领导。二是健全工作机制。三是强化监督考核。",
    "1.健全制度。2.规范流程。3.强化保障。",
    "在全市政务公开第三方评估中位列第{rank}名。",
    "按四个季度开展网站检查，全年无安全事故。",
    "贯彻落实党的二十大精神，围绕“六稳”“六保”做好公开。",
    "第{issue}期政府公报于{month}月{day}日印发。",
    "{prev}年以来，政务公开工作逐步规范。",
    "地址：{short}{road}路{num}号。",
    "工作时间为每周一至周五上午9:00—12:00、下午14:00—17:30。",
    "分两个阶段推进自查整改，做到问题清零。",
    "深入学习贯彻五中全会精神，推动工作落实。",
    "坚持“五公开”要求融入办文办会全过程。",
    "{year}年{month}月，调整政务公开工作领导小组。",
    "对照《政府信息公开工作考核办法》第十二条查找不足。",
    "以下从三个方面报告本年度工作。",
    "依托一网通办平台推进政务服务事项公开。",
    "每季度第一周开展一次网站内容巡查。",
    "落实首问负责制和限时办结制。",
)

# Breakdown lists: (total template, category names) for proactive items and answered applications.
PROACTIVE_CATEGORIES = ("规范性文件", "政策解读", "工作动态", "财务公开", "其他公文", "通知公告", "人事信息", "机构职能",
                        "规划计划", "财政资金", "重大项目", "政府采购", "应急管理", "民生保障", "行政执法")
BREAKDOWN_LEADS = ("主要类别：", "其中", "其中：", "具体包括", "包括")

SUBHEADINGS = {
    "overview": ("主动公开情况", "依申请公开情况", "政府信息管理情况", "平台建设情况", "监督保障情况", "政策解读情况",
                 "回应关切情况", "政务新媒体管理情况"),
    "problems": ("存在的主要问题", "改进情况", "下一步工作打算"),
    "other": ("信息处理费收取情况", "人大代表建议和政协提案办理结果公开情况", "年度工作要点落实情况"),
}

FILLER = (
    "{short}高度重视政务公开工作，把政务公开作为建设法治政府的重要抓手。",
    "坚持以公开为常态、不公开为例外，不断提升政务公开质量。",
    "进一步规范信息发布流程，加强信息发布前审查。",
    "建立健全政府信息公开属性源头认定机制，对已发布信息定期评估。",
    "加强政府网站和政务新媒体日常监管，确保平台安全稳定运行。",
    "对群众关心关注的热点问题及时作出回应，积极引导社会预期。",
    "严格落实保密审查制度，确保涉密信息不上网、上网信息不涉密。",
    "将政务公开纳入年度绩效考核，压实工作责任。",
)
PROBLEMS = (
    "政务公开工作仍存在一些薄弱环节，主要表现在：公开的深度和广度有待拓展，政策解读形式较为单一。",
    "部分工作人员业务能力有待提高，对新条例的理解还不够深入。",
    "下一步，{short}将进一步加大主动公开力度，丰富解读形式，提升公开实效。",
    "针对上述问题，将加强业务培训，完善考核机制，推动工作再上新台阶。",
)


def patterns() -> list[str]:
    """Every distinct sentence pattern of the grammar (alternatives expanded, slots kept as slots)."""
    import itertools
    import re

    alt = re.compile(r"\(([^()]*)\)")
    out: set[str] = set()
    for _, template in METRIC_TEMPLATES:
        pieces = alt.split(template)
        choices = [[p] if i % 2 == 0 else p.split("|") for i, p in enumerate(pieces)]
        for combo in itertools.product(*choices):
            out.add("".join(combo))
    return sorted(out)
