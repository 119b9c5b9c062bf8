"""The bundled checklists, read as plain TOML: they must cover the 2024 report.

These tests read the files with ``tomllib`` only, so they say something about the
content of ``checklists/`` independently of the loader (which has its own tests).
"""

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = ROOT / "checklists"
SOURCE_POINTS = ROOT / "checklist_tui" / "data" / "source-points.tsv"
REPORT = Path(__file__).with_name("mabu-2024-rule-of-law-report.txt")

EXPECTED_IDS = {
    "annual-self-check",
    "shortcomings-rectification",
    "plan-2025",
    "enforcement-quarterly",
    "village-annual",
}


def _load_all() -> dict[str, dict]:
    checklists = {}
    for path in sorted(CHECKLISTS.glob("*.toml")):
        with path.open("rb") as fh:
            data = tomllib.load(fh)
        checklists[data["checklist"]["id"]] = data
    return checklists


def _source_ids() -> list[str]:
    lines = SOURCE_POINTS.read_text(encoding="utf-8").splitlines()
    return [line.split("\t", 1)[0] for line in lines[1:] if line.strip()]


def _items(checklists: dict[str, dict]):
    for checklist_id, data in checklists.items():
        for section in data["section"]:
            for item in section["item"]:
                yield checklist_id, section, item


@pytest.fixture(scope="module")
def checklists() -> dict[str, dict]:
    return _load_all()


def test_the_bundled_checklists_exist(checklists):
    assert EXPECTED_IDS <= set(checklists)


def test_source_points_file_has_fifty_ids():
    ids = _source_ids()
    assert len(ids) == 50
    assert len(set(ids)) == 50


def test_every_source_point_is_covered(checklists):
    known = set(_source_ids())
    covered = set()
    for checklist_id, _section, item in _items(checklists):
        assert item["source"], f"{checklist_id} {item['id']}: empty source"
        unknown = set(item["source"]) - known
        assert not unknown, f"{checklist_id} {item['id']}: unknown source ids {unknown}"
        covered.update(item["source"])
    assert known - covered == set()


def test_at_least_sixty_items(checklists):
    assert sum(1 for _ in _items(checklists)) >= 60


def test_item_ids_unique_within_each_checklist(checklists):
    for checklist_id, data in checklists.items():
        ids = [item["id"] for section in data["section"] for item in section["item"]]
        assert len(ids) == len(set(ids)), checklist_id
        for section in data["section"]:
            for item in section["item"]:
                assert item["id"].startswith(section["id"] + "."), (checklist_id, item["id"])


def test_every_item_carries_the_report_and_the_office_fields(checklists):
    for checklist_id, _section, item in _items(checklists):
        where = f"{checklist_id} {item['id']}"
        for key in ("text", "quote", "owner", "guidance"):
            assert isinstance(item.get(key), str) and item[key].strip(), f"{where}: {key}"
        assert item.get("evidence"), f"{where}: evidence"
        # questions are Chinese questions
        assert item["text"].endswith("\uff1f"), f"{where}: text should end with a full-width question mark"


def test_quotes_are_the_report_s_own_words(checklists):
    # the 2024 report, kept beside this test as it was published
    report = REPORT.read_text(encoding="utf-8")
    for checklist_id, _section, item in _items(checklists):
        quote = item["quote"]
        assert quote.strip(), f"{checklist_id} {item['id']}: empty quote"
        assert quote in report, f"{checklist_id} {item['id']}: not the report's words: {quote}"


def _scored(item: dict) -> bool:
    """Items that can fall short: weight > 0 (a 加分项 only adds, so it states no finding)."""
    return item.get("kind") != "bonus" and item.get("weight", 1) > 0


def test_every_scored_item_states_its_finding_in_full_width_punctuation(checklists):
    for checklist_id, _section, item in _items(checklists):
        where = f"{checklist_id} {item['id']}"
        if not _scored(item):
            continue
        finding = item.get("finding", "")
        assert finding.strip(), f"{where}: no finding"
        assert not set(finding) & set(",;:?!()"), f"{where}: half-width punctuation in {finding}"
        assert "是否" not in finding and not finding.endswith(("？", "。")), f"{where}: {finding}"


def test_findings_render_with_a_sample_value(tmp_path):
    from checklist_tui.catalogue.library import load_library
    from checklist_tui.domain.finding import render_finding

    library = load_library([CHECKLISTS])
    assert not library.problems
    rendered = 0
    for checklist in library.checklists.values():
        for item in checklist.items:
            if not item.scored or item.kind == "status":
                continue
            text = render_finding(item, "fail", 3.0)
            assert "{" not in text and "3" in text, f"{checklist.id} {item.id}: {text}"
            if item.kind == "deduction":  # the count carries its measure word
                assert re.search(r"^3 (人|件|次|项)", text), f"{checklist.id} {item.id}: {text}"
            rendered += 1
    assert rendered >= 8
    rate = library.get("enforcement-quarterly").item("S2.02")
    assert render_finding(rate, "fail", 95.5) == "本季度末在岗执法人员持证上岗率为 95.5%，未达到 100% 的要求"


def test_every_checklist_has_a_short_title(checklists):
    for checklist_id, data in checklists.items():
        assert 0 < len(data["checklist"].get("short", "")) <= 8, checklist_id


def test_there_are_deduction_items(checklists):
    deductions = [item for _c, _s, item in _items(checklists) if item.get("kind") == "deduction"]
    assert deductions
    for item in deductions:
        assert item["weight"] > 0 and item["each"] > 0 and item["cap"] > 0, item["id"]


def test_mediation_success_rate_is_a_rate_capped_at_100(checklists):
    rates = [
        item
        for _c, _s, item in _items(checklists)
        if item.get("kind") == "number" and "调解成功率" in item["quote"]
    ]
    assert rates, "调解成功率 must be a number item"
    for item in rates:
        assert item["unit"] == "%"
        assert item.get("max", 100) <= 100
        assert "target" in item


def test_report_figures_are_number_items(checklists):
    numbers = [item for _c, _s, item in _items(checklists) if item.get("kind") == "number"]
    quotes = " ".join(item["quote"] for item in numbers)
    for figure in ("林业案件", "信访案件", "进京访", "矛盾纠纷大排查", "调解矛盾纠纷", "调解成功率"):
        assert figure in quotes, figure


def test_recorded_number_items_have_weight_zero(checklists):
    for checklist_id, _section, item in _items(checklists):
        if item.get("kind") == "number" and "target" not in item:
            assert item["weight"] == 0, f"{checklist_id} {item['id']}"
            assert not item.get("critical", False), f"{checklist_id} {item['id']}"


def test_constitutional_oath_is_scored_but_not_critical(checklists):
    # the oath covers those the 镇人大 elects or appoints and the 镇政府 appoints; weighty, not 一票否决
    oath = [
        item
        for checklist_id, _s, item in _items(checklists)
        if checklist_id == "annual-self-check" and "P1.1.5" in item["source"]
    ]
    assert [(item["weight"], item.get("critical", False)) for item in oath] == [(3, False)]
    assert "镇人民代表大会选举" in oath[0]["text"] and "宪法宣誓" in oath[0]["text"]


def test_petitions_are_scored_on_handling_not_on_their_absence(checklists):
    annual = {item["id"]: item for c, _s, item in _items(checklists) if c == "annual-self-check"}
    assert annual["S5.04"]["weight"] == 0 and "target" not in annual["S5.04"]
    assert "信访工作条例" in annual["S5.12"]["text"] and annual["S5.12"]["weight"] > 0


def test_case_counts_are_recorded_apart_and_match_the_report(checklists):
    quarterly = [item for c, _s, item in _items(checklists) if c == "enforcement-quarterly"
                 and "P1.4.2" in item["source"] and item.get("kind") == "number"]
    quotes = sorted(item["quote"] for item in quarterly)
    assert quotes == ["农业案件1起", "国土案件1起", "累计办理林业案件16起"]
    assert all(item["weight"] == 0 for item in quarterly)


def test_critical_items_are_few(checklists):
    for checklist_id, data in checklists.items():
        items = [item for section in data["section"] for item in section["item"]]
        critical = [item for item in items if item.get("critical")]
        assert len(critical) <= max(2, len(items) // 10), checklist_id


def test_the_village_checklist_is_answered_by_villages_only(checklists):
    village = checklists["village-annual"]
    items = [item for section in village["section"] for item in section["item"]]
    assert all(item["applies_to"] == ["村"] for item in items)
    texts = " ".join(item["text"] for item in items)
    for topic in ("法律顾问", "调解", "排查", "法律明白人", "村规民约", "普法"):
        assert topic in texts, topic


def test_enforcement_items_are_answered_by_the_enforcement_team_and_the_justice_office(checklists):
    both = ["综合行政执法大队", "司法所"]
    for section in checklists["enforcement-quarterly"]["section"]:
        assert all(item["applies_to"] == both for item in section["item"])
    annual = next(s for s in checklists["annual-self-check"]["section"] if s["id"] == "S4")
    assert all(item["applies_to"] == both for item in annual["item"])


def test_the_featured_project_s_results_are_a_bonus(checklists):
    short = checklists["shortcomings-rectification"]
    item = next(i for s in short["section"] for i in s["item"] if i["id"] == "S2.04")
    assert (item["kind"], item["each"], item["cap"], item.get("weight", 0)) == ("bonus", 1, 2, 0)
    assert "finding" not in item and "每被县级以上部门采用或推广一次加1分，累计不超过2分" in item["guidance"]
