"""`rounds`, `summary` and `ledger` read the index, and never show an entry its round file no longer
says: a file changed behind the index's back (same size, same modification time), copied in, or
deleted is shown as it is now."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from storefixtures import rewrite_in_place, run_main, small_checklist, store_with_round

from checklist_tui.storage import index
from checklist_tui.storage.store import Store


@pytest.fixture(autouse=True)
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are trusted as soon as they are built: only their stamps decide."""
    monkeypatch.setattr(index, "RACY_NS", 0)


def submitted_round(tmp_path: Path) -> tuple[Store, str]:
    """A submitted round with one finding, its item rectifying with 党政办 until 2025-05-01."""
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail", note="未调整")
    store.save_answer(rid, "S1.02", answer="pass")
    store.submit(rid, date=dt.date(2025, 4, 1), allow_unanswered=True)
    return store, rid


def cli_json(capsys: pytest.CaptureFixture[str], store: Store, *args: str) -> object:
    code, out, err = run_main(capsys, *args, "--format", "json", "--data", str(store.data_dir))
    assert code == 0, err
    return json.loads(out)


def test_rounds_shows_a_round_as_its_file_says_now(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = submitted_round(tmp_path)
    [row] = cli_json(capsys, store, "rounds")
    assert row["answered"] == 2
    rewrite_in_place(store.round_path(rid), '"answer":"pass"', '"answer":null  ')
    [row] = cli_json(capsys, store, "rounds")
    assert row["answered"] == 1


def test_rounds_lists_a_round_file_copied_in_and_not_one_deleted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = submitted_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    assert [row["id"] for row in cli_json(capsys, store, "rounds")] == [other, rid]
    copied = store.round_path(rid).read_text(encoding="utf-8").replace(rid, "R0003")
    store.round_path("R0003").write_text(copied, encoding="utf-8")
    store.round_path(other).unlink()
    assert [row["id"] for row in cli_json(capsys, store, "rounds")] == ["R0003", rid]


def test_summary_shows_scores_and_the_loop_as_the_files_say_now(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = submitted_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    store.save_answer(other, "S1.02", answer="pass")
    store.submit(other, date=dt.date(2025, 4, 2), allow_unanswered=True)
    before = cli_json(capsys, store, "summary", "--as-of", "2025-06-30")
    assert {r["id"]: r["critical_failed"] for r in before["rounds"]} == {rid: [], other: []}
    rewrite_in_place(store.round_path(rid), '"item":"S1.02","answer":"pass"',
                     '"item":"S1.02","answer":"fail"')
    after = cli_json(capsys, store, "summary", "--as-of", "2025-06-30")
    assert {r["id"]: r["critical_failed"] for r in after["rounds"]} == {rid: ["S1.02"], other: []}
    assert {r["id"]: r["grade"] for r in after["rounds"]}[rid] == "不合格"


def test_ledger_shows_items_as_the_file_says_now(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = submitted_round(tmp_path)
    [item] = cli_json(capsys, store, "ledger")["items"]
    assert item["source"] == "自查"
    rewrite_in_place(store.round_path(rid), '"source":"自查"', '"source":"督察"')
    [item] = cli_json(capsys, store, "ledger")["items"]
    assert item["source"] == "督察"


def test_summary_counts_the_loop_from_the_reduced_items_and_reads_full_ones_only_where_it_lists_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The index's "l" part (states, dates, due dates) gives the very loop figures of the full
    items; the full items ("r") are parsed only for the rounds with an item overdue on the date."""
    from checklist_tui.catalogue.library import checklist_dirs, load_library
    from checklist_tui.domain.round_figures import RoundFigures
    from checklist_tui.interchange.demo import make_demo
    from checklist_tui.storage import index_parts

    store = Store(tmp_path / "data")
    make_demo(store, load_library(checklist_dirs(store.data_dir)), 40, day=dt.date(2026, 12, 1))
    args = ("summary", "--as-of", "2026-06-30", "--data", str(store.data_dir))
    late = {item["round"] for item in cli_json(capsys, store, "ledger", "--as-of", "2026-06-30",
                                                "--overdue")["items"]}
    assert late and len(late) < len(store.listing()) / 2
    parsed: list[str] = []
    full = index_parts.CONVERT["r"]

    def counted(data: object, round_id: str) -> object:
        parsed.append(round_id)
        return full(data, round_id)

    monkeypatch.setitem(index_parts.CONVERT, "r", counted)
    reduced = [run_main(capsys, *args, *fmt) for fmt in ((), ("--format", "json"))]
    assert set(parsed) == late
    monkeypatch.setattr(RoundFigures, "loop_items", property(lambda self: self.rectifications))
    whole = [run_main(capsys, *args, *fmt) for fmt in ((), ("--format", "json"))]
    assert reduced == whole
    assert "逾期整改事项" in reduced[0][1] and json.loads(reduced[1][1])["loop"]["overdue"] > 0
