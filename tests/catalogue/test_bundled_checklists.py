"""The bundled checklists, read as plain TOML: they must cover the 2024 report.

These tests read the files with ``tomllib`` only, so they say something about the
content of ``checklists/`` independently of the loader (which has its own tests).
"""

import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKLISTS = ROOT / "checklists"
SOURCE_POINTS = ROOT / "checklist_tui" / "data" / "source-points.tsv"

EXPECTED_IDS = {
    "annual-self-check",
    "shortcomings-rectification",
    "plan-2025",
    "enforcement-quarterly",
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


def test_the_four_bundled_checklists_exist(checklists):
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


def test_quotes_are_the_report_s_words_not_questions(checklists):
    # The report itself is not shipped with the package, so the verbatim check lives with the
    # authors of the files; here: a quote is non-empty and is not a question.
    for checklist_id, _section, item in _items(checklists):
        quote = item["quote"]
        assert quote.strip(), f"{checklist_id} {item['id']}: empty quote"
        assert "?" not in quote and "\uff1f" not in quote, f"{checklist_id} {item['id']}: {quote}"


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


def test_constitutional_oath_is_critical(checklists):
    oath = [
        item
        for checklist_id, _s, item in _items(checklists)
        if checklist_id == "annual-self-check" and "P1.1.5" in item["source"]
    ]
    assert oath
    assert any(item.get("critical") is True and "宪法宣誓" in item["text"] for item in oath)


def test_critical_items_are_few(checklists):
    for checklist_id, data in checklists.items():
        items = [item for section in data["section"] for item in section["item"]]
        critical = [item for item in items if item.get("critical")]
        assert len(critical) <= max(2, len(items) // 10), checklist_id
