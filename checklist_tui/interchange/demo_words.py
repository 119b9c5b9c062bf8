"""What the demo's people write: notes that fit their item, evidence named as the office names it,
measures that answer the finding, and the people themselves (never a unit as 经办人).

An item's notes and measures name one of its own evidence and say what is wrong with it in the
way that kind of evidence goes wrong (a 纪要 not filed, a 台账 without results, a 签到表 with people
missing, a 截图 out of date…); counts of shortfalls speak of their 人/件/次/项, numbers of what they
count. So a 全过程记录 item never gets "公示已发布,但更新不及时". Only
documents (文件, 通知, 方案, 办法, 决定…) carry a 文号; a 登记表 or 台账 is named with its period, a
photograph or screenshot with how many.
"""

from __future__ import annotations

import random
import re

from checklist_tui.domain.checklist import Item
from checklist_tui.domain.scoring import FINDING_ANSWERS

# who works where: inspectors and 责任人 come from the unit, reviewers from elsewhere
PEOPLE = {
    "党政办": ("王晓丽", "陈明"),
    "司法所": ("刘建国", "张红梅"),
    "平安办": ("李卫东", "周敏"),
    "综合行政执法大队": ("孙志强", "吴海燕"),
    "便民服务中心": ("郑丽", "何静"),
    "麻埠村": ("汪德胜",), "桃岭村": ("储成林",), "响洪甸村": ("余秀兰",),
    "龙门村": ("詹国富",), "兴隆村": ("胡世平",), "银山村": ("方玉梅",),
}
REVIEWERS = ("程立新", "黄卫平", "刘建国", "王晓丽")  # 党委副书记, 纪委书记, 司法所所长, 党政办主任

# (words in an evidence name, partial note, fail note, measures) — {ev} is that evidence's name
KINDS: tuple[tuple[tuple[str, ...], str, str, str], ...] = (
    (("意见书", "审查", "审核"), "一份{ev}的日期晚于会议日期", "未见{ev}，议题提交前未送审",
     "议题提交前送司法所审查，{ev}随议题材料一并上会"),
    (("纪要",), "{ev}未全部归档", "全年{ev}中未见相关议题", "列入下次党委会议题，{ev}按月归档"),
    (("培训", "签到", "考试", "成绩", "课件"), "{ev}显示部分人员未参加", "本期未组织，没有{ev}",
     "补开一期并组织考试，留存{ev}"),
    (("照片",), "只有{ev}，缺少文字记录", "未留存{ev}", "补齐文字记录，与{ev}一并归档"),
    (("制度", "办法", "规定", "方案", "计划", "规则", "文件", "责任书"), "{ev}已印发，执行记录不全",
     "{ev}尚未制定", "起草{ev}，报党委会审议后印发执行"),
    (("截图", "公开", "公示", "公告"), "{ev}显示内容未及时更新", "未见{ev}，信息未公开",
     "五个工作日内补充公开，留存{ev}"),
    (("台账", "登记", "清单", "目录", "名册", "名单", "一览表", "记录", "统计", "档案"),
     "{ev}登记不全，部分事项没有办理结果", "未建立{ev}", "补建{ev}，逐项写明办理结果，分管领导每月审核"),
    (("合同", "聘用"), "{ev}已签订，登记归档不全", "未见{ev}", "补齐{ev}的登记和法律顾问审核意见"),
    (("报告", "评估"), "{ev}内容不全", "未形成{ev}", "补做并形成{ev}，作为上会材料之一"),
    ((), "{ev}不全", "未见{ev}", "补齐{ev}，由责任单位负责人审核后归档"),
)
# a count of shortfalls, by the measure word its finding uses ("{n} 人…"): (notes, measures)
COUNTS = {
    "人": (("人员调离时未同步告知司法所，已列出名单补办", "已提交注销申请，作废公告尚未发布"),
          "逐人补办执法证注销，并在政府网站发布作废公告"),
    "件": (("已逐件登记，正在补报备案", "经办人对“双备案”要求不清楚，只报了上级主管部门"),
          "逐件补报同级人大和上级主管部门备案，留存备案回执"),
    "次": (("会议通知未同步发给法律顾问", "顾问因出庭未能列席，会后补送了书面意见"),
          "会议通知同步发送法律顾问，不能列席的会前送审议材料、出具书面意见"),
    "项": (("责任单位人员调整，措施未按期推进", "已申请延期，延期理由已报党政办"),
          "逾期措施逐项明确新的完成时限，由分管领导督办"),
}
# a number item that missed its target, by what it counts: (words in its text, notes, measures)
NUMBERS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("持证", ("2名执法人员证件过期，已申请换领", "1名新进人员尚未取得执法证"),
     "组织未持证人员参加执法资格考试，取得证件前不安排执法"),
    ("排查", ("第二季度只做了日常走访，未组织集中排查", "汛期工作任务重，第三季度未组织集中排查"),
     "按季度制定排查计划，每次排查形成记录和问题清单"),
    ("核查", ("第三季度人员调整，未开展资格核查",), "每季度末由司法所牵头核查，形成核查记录"),
    ("专项检查", ("生态环保领域专项检查未开展",), "下半年补开生态环保领域专项检查，形成检查报告"),
    ("出庭", ("一起案件由律师代理出庭，负责人未出庭",), "开庭通知由司法所登记，提前报负责人安排出庭"),
    ("调解成功率", ("两起邻里纠纷调解未达成协议，已引导当事人诉讼",),
     "疑难纠纷请法律顾问参与调解，每月分析未成功案件"),
    ("", ("部分季度未开展，已列入下季度计划",), "制定全年工作计划，按季度开展并留存记录"),
)
NA_NOTE = "本期无此类事项"
DOCUMENTS = ("文件", "通知", "方案", "办法", "规定", "制度", "决定", "决定书", "意见书", "报告", "计划",
             "规则", "公告", "责任书")
RAISED_MEASURES = "制定培养计划，每村配齐“法律明白人”，每季度组织一次培训"


def _kind(name: str) -> tuple[tuple[str, ...], str, str, str]:
    return next(kind for kind in KINDS if not kind[0] or any(k in name for k in kind[0]))


def _number(item: Item) -> tuple[str, tuple[str, ...], str]:
    return next(entry for entry in NUMBERS if entry[0] in item.text)


def _evidence_name(rng: random.Random, item: Item) -> str:
    return rng.choice(item.evidence) if item.evidence else "相关记录"


def measure_word(item: Item) -> str:
    """人/件/次/项 from a deduction's finding ("{n} 人调离…"), else 次."""
    found = re.search(r"\{n\}\s*(\S)", item.finding)
    return found[1] if found and found[1] in COUNTS else "次"


def note(rng: random.Random, item: Item, answer: str | None, value: float | None) -> str:
    """What the inspector writes beside an answer that fell short ("" for one that did not)."""
    if answer == "na":
        return NA_NOTE
    if item.kind == "deduction":
        return rng.choice(COUNTS[measure_word(item)][0]) if value else ""
    if item.kind == "number":
        return rng.choice(_number(item)[1]) if answer == "fail" else ""
    if answer not in FINDING_ANSWERS:
        return ""
    name = _evidence_name(rng, item)
    _keys, partial, fail, _measures = _kind(name)
    return (partial if answer == "partial" else fail).format(ev=name)


def measures(rng: random.Random, item: Item | None) -> str:
    """整改措施 that answer the item's finding."""
    if item is None:
        return RAISED_MEASURES
    if item.kind == "deduction":
        return COUNTS[measure_word(item)][1]
    if item.kind == "number":
        return _number(item)[2]
    name = _evidence_name(rng, item)
    return _kind(name)[3].format(ev=name)


def evidence(rng: random.Random, item: Item, period: str, year: int, town: str = "麻") -> str:
    """One of the item's evidence names as the office files it: a 文号 only on a document (`town`:
    the town's character in it, 麻政〔2025〕3号)."""
    name = rng.choice(item.evidence)
    if name.endswith(DOCUMENTS) and not name.startswith(("逐", "各")):
        return f"{name}（{town}政〔{year}〕{rng.randint(1, 60)}号）"
    if any(word in name for word in ("照片", "截图")):
        return f"{name}（{rng.randint(2, 6)}张）"
    if "纪要" in name:
        return f"{name}（{year}年第{rng.randint(1, 12)}次会议）"
    return f"{name}({period})"


def person(rng: random.Random, unit: str | None) -> str:
    return rng.choice(PEOPLE.get(unit or "", PEOPLE["党政办"]))


def reviewer(rng: random.Random, not_him: str) -> str:
    """A reviewer who is not the one who rectified (复核人 ≠ 责任人)."""
    return rng.choice([r for r in REVIEWERS if r != not_him])
