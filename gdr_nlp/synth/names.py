"""Agency names composed from invented place parts and official organ suffixes.

Place names are syllable combinations (not a gazetteer), so no real agency's
report is imitated; the suffixes are the ordinary official ones.
"""

from __future__ import annotations

import random

_SYL1 = "清 安 平 永 宁 丰 长 东 西 南 北 新 临 云 山 河 江 湖 泉 石 桂 松 兴 德 和 嘉 沭 沐 涪 渠 相 蓝 青 白 金 玉".split()
_SYL2 = "阳 川 江 城 林 宁 安 丰 源 远 水 州 口 溪 峰 台 岭 原 昌 化 泽 兴 华 定 乐 陵 山 坪 桥 湾".split()
_PROVINCE_SFX = ("省",)
_DEPTS = ("发展和改革委员会", "教育局", "公安局", "民政局", "司法局", "财政局", "人力资源和社会保障局", "自然资源局",
          "生态环境局", "住房和城乡建设局", "交通运输局", "水利局", "农业农村局", "商务局", "文化和旅游局", "卫生健康委员会",
          "应急管理局", "审计局", "市场监督管理局", "统计局", "医疗保障局", "城市管理局", "退役军人事务局", "林业局")
_PROV_DEPTS = ("发展和改革委员会", "教育厅", "公安厅", "民政厅", "司法厅", "财政厅", "自然资源厅", "生态环境厅",
               "交通运输厅", "水利厅", "农业农村厅", "商务厅", "卫生健康委员会", "应急管理厅", "审计厅", "市场监督管理局")


def _place(rng: random.Random, n: int = 2) -> str:
    return rng.choice(_SYL1) + "".join(rng.choice(_SYL2) for _ in range(n - 1))


def make_agency(rng: random.Random) -> tuple[str, str, str]:
    """``(agency, short name, level)`` with level a key of ``numbers.SCALES``."""
    province = _place(rng) + "省"
    city = _place(rng) + "市"
    county = _place(rng) + rng.choice(("区", "县"))
    town = _place(rng) + rng.choice(("镇", "乡"))
    street = _place(rng) + "街道"
    level = rng.choices(("province", "city", "district", "county", "department", "town", "street"),
                        weights=(4, 8, 12, 10, 30, 22, 14))[0]
    if level == "province":
        name = rng.choice((province + rng.choice(_PROV_DEPTS), province + "人民政府办公厅"))
        short = name[len(province):] if not name.endswith("办公厅") else "省政府办公厅"
    elif level == "city":
        name = rng.choice((city + "人民政府", city + "人民政府办公室", city + rng.choice(_DEPTS)))
        short = "市政府" if name.endswith("人民政府") else name[len(city):]
    elif level in ("district", "county"):
        name = rng.choice((county + "人民政府", county + "人民政府办公室", city + county + "人民政府"))
        short = county[:-1] + ("区政府" if county.endswith("区") else "县政府")
    elif level == "department":
        name = rng.choice((city, county)) + rng.choice(_DEPTS)
        short = "本局" if name.endswith("局") else "本委"
    elif level == "town":
        name = rng.choice((county + town + "人民政府", town + "人民政府", county + town))
        short = town
    else:
        name = rng.choice((county + street + "办事处", street + "办事处", county + street))
        short = street
    return name, short, level
