"""The newest rounds from the index's head line (storage/index_head.py), as the home screen paints
them first: the same rows the whole read gives, only the newest files read, never an entry its
round file no longer matches, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from storefixtures import file_bytes, rewrite_in_place, small_checklist

from checklist_tui.storage import index
from checklist_tui.storage.index_head import HeadLine
from checklist_tui.storage.store import Store


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Store:
    """Six rounds, their index written; entries trusted at once (only the stamp decides)."""
    monkeypatch.setattr(index, "RACY_NS", 0)
    store = Store(tmp_path / "data")
    checklist = small_checklist(tmp_path)
    for n in range(6):
        store.new_round(checklist, "党政办", str(2015 + n))
    store.listing()
    return store


def rows(result: index.IndexResult) -> list[dict]:
    return [f.listing_row() for f in result.rounds]


def test_the_newest_rows_are_those_of_the_whole_read_and_only_their_files_are_read(
        store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    whole = {f.id: f.listing_row() for f in store.figures().rounds}
    before = file_bytes(store.data_dir)
    stat_ed: list[str] = []
    real = index.file_stamp

    def counted(path: Path) -> list[int] | None:
        stat_ed.append(path.stem)
        return real(path)
    monkeypatch.setattr(index, "file_stamp", counted)
    first = store.newest_figures(3)
    assert [f.id for f in first.rounds] == ["R0006", "R0005", "R0004"]
    assert rows(first) == [whole[i] for i in ("R0006", "R0005", "R0004")]
    assert sorted(stat_ed) == ["R0004", "R0005", "R0006"]
    assert file_bytes(store.data_dir) == before  # nothing written


def test_a_round_changed_behind_the_index_is_read_from_its_file(store: Store) -> None:
    store.save_answer("R0006", "S1.01", answer="pass")
    assert store.listing()[0]["answered"] == 1
    rewrite_in_place(store.round_path("R0006"), '"answer":"pass"', '"answer":null  ')
    assert store.newest_figures(1).rounds[0].listing_row()["answered"] == 0


def test_rounds_kept_count_and_a_damaged_file_is_named(store: Store) -> None:
    store.void_round("R0006", reason="录错了", by="王晓丽")
    store.round_path("R0005").write_text("{ broken", encoding="utf-8")
    first = store.newest_figures(2, lambda f: f.status != "void")
    assert [f.id for f in first.rounds] == ["R0006", "R0004"]  # the void one read, not counted
    assert [e.path.name for e in first.damaged] == ["R0005.json"]


@pytest.mark.parametrize("line", [b"{ damaged", b'{"index":2,"rounds":{}}', b""])
def test_a_damaged_or_older_index_gives_the_rows_from_the_round_files(store: Store, line: bytes) -> None:
    whole = {f.id: f.listing_row() for f in store.figures().rounds}
    store.index_path.write_bytes(line + b"\n")
    assert rows(store.newest_figures(2)) == [whole["R0006"], whole["R0005"]]
    assert store.index_path.read_bytes() == line + b"\n"  # left for the whole read to set aside


def test_an_entry_of_the_wrong_shape_is_not_taken(tmp_path: Path) -> None:
    path = tmp_path / "index.jsonl"
    path.write_bytes(b'{"index":3,"rounds":{"R0001":{"stamp":"x","checked":1,"row":{}},'
                     b'"R0002":{"stamp":[1,2,3,4],"checked":1,"row":{"id":"R0001"}}}}\n')
    heads = HeadLine(path, 3)
    assert heads.get("R0001") is None and heads.get("R0002") is None and heads.get("R0003") is None
