"""The towns of the demo: 麻埠镇 as the office knows it (demo_words' people), then the other 22
towns and townships of 金寨县, each with the same five 镇直单位, its own villages and its own people.

A data folder is one town. A large demo (`demo --rounds N` beyond what one town writes in ten
years) puts further towns' units into the same folder, their offices named with the town
(天堂寨镇司法所) and of the kind of office they are (司法所), so the checklists' `applies_to`
reaches them; `demo --towns K` writes one folder per town instead, each with its own register.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from checklist_tui.interchange import demo_words as words

OFFICES = ("党政办", "司法所", "平安办", "综合行政执法大队", "便民服务中心")
VILLAGES = ("麻埠村", "桃岭村", "响洪甸村", "龙门村", "兴隆村", "银山村")
HOME = "麻埠镇"
# 金寨县's 12 镇 and 11 乡, 麻埠镇 first
TOWNS = (HOME, "梅山镇", "青山镇", "燕子河镇", "天堂寨镇", "古碑镇", "吴家店镇", "斑竹园镇", "汤家汇镇",
         "南溪镇", "双河镇", "白塔畈镇", "全军乡", "槐树湾乡", "花石乡", "沙河乡", "果子园乡", "张冲乡",
         "长岭乡", "关庙乡", "铁冲乡", "油坊店乡", "桃岭乡")
OFFICE_KIND, VILLAGE_KIND = "镇直单位", "村"

# village names of the other towns (each used once in the county)
_VILLAGE_NAMES = """
河西 红石 金桥 竹园 黄岭 新塘 松林 板桥 石门 大冲 枫树 杨柳 青龙 白果 凉亭 高湾 土门 长冲 上畈 下畈
柳林 桂花 茶山 双石 新建 胜利 光明 前进 民主 和平 团结 红旗 新华 联合 东风 永安 太平 长安 金星 银河
三河 五里 七里 九龙 十里 古城 黄泥 白沙 石桥 木厂 水竹 桥头 岭头 冲口 湾里 山口 马鞍 牛角 鹿角 凤凰
龙井 龙湾 狮子 燕窝 鹤山 雁塘 莲花 荷塘 桃花 杏花 梨树 栗树 枣林 桑园 茶园 竹林 松山 柏树 杉树 枫林
花园 泉水 清水 温泉 大河 小岭 高山 东河 南河 北山 西冲 前畈 后冲 上湾 下湾 塘坊 油榨 磨子 碾坊 瓦屋
石屋 庙岭 祠堂 学堂 书院 关口 岔路 三岔 四方 五星 八里 丰收 兴旺 富强 幸福 繁荣 振兴 红星 红岭 金竹
金山 金岭 银杏 玉泉 宝山 珠山 翠竹 碧峰 青峰 白云 朝阳 向阳 卫东 卫星 建设 新河 新桥 老街 老庄 陈湾
李冲 张畈 王岭 刘河 汪冲 余岭 詹湾 储畈 胡冲 方岭 吴湾 周畈 郑冲 孙岭 何湾 程冲 黄畈 漆店 沙坪 石佛
观音 仙人 龙潭 黑石 马石 竹畈 桥店 畈口 河口 岭南 山北 小河 金刚 流波 渔潭 笔架 宋河 落儿 龙马 团山
""".split()
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程汪储詹方漆"
_GIVEN = ("建国 红梅 晓丽 卫东 志强 海燕 德胜 成林 秀兰 国富 世平 玉梅 立新 卫平 学军 春华 桂芳 文斌 永红"
          " 小兵 海涛 翠英 正华 家宝 玉兰 长青 振宇 淑珍 德明 爱华 国庆 建华 明 敏 丽 静 军 勇 芳 磊 涛 霞 "
          "光辉 自力 传芳 先锋 道远 友谊 金花 福生 长春 银凤").split()


@dataclass(frozen=True)
class Town:
    """One town's units as one data folder holds them, and the people who work there."""

    name: str
    offices: dict[str, str]  # role (党政办 …) → the unit's name in the folder
    villages: tuple[str, ...]
    people: dict[str, tuple[str, ...]] = field(repr=False)
    reviewers: tuple[str, ...] = ()
    office_kind: dict[str, str] = field(default_factory=dict)  # unit name → kind in the register

    @property
    def short(self) -> str:
        """The town's character in document numbers (麻政〔2025〕3号)."""
        return self.name[0]

    def unit(self, role: str) -> str:
        return self.offices.get(role, role)

    def person(self, rng: random.Random, unit: str | None) -> str:
        return rng.choice(self.people.get(unit or "", self.people[self.unit("党政办")]))

    def reviewer(self, rng: random.Random, not_him: str) -> str:
        """A reviewer who is not the one who rectified (复核人 ≠ 责任人)."""
        return rng.choice([r for r in self.reviewers if r != not_him])

    def units(self) -> list[tuple[str, str]]:
        """(name, kind) of each unit, for the register."""
        return ([(name, self.office_kind.get(name, OFFICE_KIND)) for name in self.offices.values()]
                + [(name, VILLAGE_KIND) for name in self.villages])


def home() -> Town:
    return Town(HOME, {role: role for role in OFFICES}, VILLAGES, dict(words.PEOPLE), words.REVIEWERS)


def town(index: int, *, named_offices: bool = False) -> Town:
    """Town `index` of TOWNS (0 = 麻埠镇). `named_offices`: its offices carry the town's name and
    their role as kind, to share a folder with other towns."""
    if index == 0:
        return home()
    name = TOWNS[index]
    rng = random.Random(f"demo town {name}")
    start = sum(6 + i % 4 for i in range(1, index))
    villages = tuple(f"{v}村" for v in _VILLAGE_NAMES[start:start + 6 + index % 4])
    names = iter(dict.fromkeys(rng.choice(_SURNAMES) + rng.choice(_GIVEN) for _ in range(200)))
    offices = {role: f"{name}{role}" if named_offices else role for role in OFFICES}
    people: dict[str, tuple[str, ...]] = {unit: (next(names), next(names)) for unit in offices.values()}
    people.update({village: (next(names),) for village in villages})
    reviewers = (next(names), next(names), people[offices["司法所"]][0], people[offices["党政办"]][0])
    kinds = {unit: role for role, unit in offices.items()} if named_offices else {}
    return Town(name, offices, villages, people, reviewers, kinds)

