"""The index (storage/index.py): listings come from it, never from an entry that no longer
describes its round file — changed behind its back by another program, even at the same size
and modification time, damaged, or deleted — and a folder that cannot be written still lists."""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from storefixtures import (
    file_bytes,
    index_head,
    rewrite_in_place,
    run_main,
    small_checklist,
    store_with_round,
)

from checklist_tui.errors import DataError
from checklist_tui.storage import index
from checklist_tui.storage.files import LockBusy
from checklist_tui.storage.index import read_index
from checklist_tui.storage.os_errors import write_error
from checklist_tui.storage.store import Store


@pytest.fixture
def trusting(monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are trusted as soon as they are built (by default an entry younger than its file's
    last change plus the clock's tick is checked again), so the stamp alone decides."""
    monkeypatch.setattr(index, "RACY_NS", 0)


def answered(store: Store) -> dict[str, int]:
    return {row["id"]: row["answered"] for row in store.listing()}


def test_the_listing_is_read_from_the_index_while_it_is_fresh(tmp_path: Path, trusting: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass")
    assert answered(store) == {rid: 1}

    def unread(round_id: str) -> None:
        raise AssertionError(f"{round_id} was read although its entry is fresh")
    monkeypatch.setattr(store, "load_round", unread)
    assert answered(store) == {rid: 1}


def test_a_round_saved_by_another_store_is_listed_as_it_is_now(tmp_path: Path, trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    assert answered(store) == {rid: 0}
    Store(store.data_dir).save_answer(rid, "S1.01", answer="pass")  # another window
    assert answered(store) == {rid: 1}
    assert index_head(store)["rounds"][rid]["row"]["answered"] == 1  # and the entry was rebuilt


def test_a_round_changed_at_the_same_size_and_time_is_listed_as_it_is_now(tmp_path: Path,
                                                                          trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass", note="甲")
    assert answered(store) == {rid: 1}
    rewrite_in_place(store.round_path(rid), '"answer":"pass"', '"answer":null  ')
    assert answered(store) == {rid: 0}


def test_a_round_file_copied_over_another_is_listed_as_it_is_now(tmp_path: Path, trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    assert {row["unit"] for row in store.listing()} == {"麻埠村", "桃岭村"}
    copy = store.round_path(other).read_text(encoding="utf-8").replace(other, rid).replace("桃岭村", "麻埠村")
    store.round_path(rid).write_text(copy.replace('"period":"2025-Q1"', '"period":"2025-Q2"'),
                                     encoding="utf-8")
    assert {row["id"]: row["period"] for row in store.listing()} == {rid: "2025-Q2", other: "2025-Q1"}


def test_an_entry_younger_than_the_clocks_tick_is_checked_again(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Two writes within one tick of a coarse clock, at the same size, leave the same stamp: an entry
    built that close to its file's last change is not trusted on the next read."""
    store, rid = store_with_round(tmp_path)
    frozen = [time.time_ns(), time.time_ns(), 4242, 7]
    monkeypatch.setattr(index, "file_stamp", lambda path: list(frozen))
    assert answered(store) == {rid: 0}
    store.save_answer(rid, "S1.01", answer="pass")  # the stamp does not change
    assert answered(store) == {rid: 1}


def test_a_deleted_round_file_disappears_from_the_listing_and_the_index(tmp_path: Path,
                                                                        trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    assert set(answered(store)) == {rid, other}
    store.round_path(other).unlink()
    assert set(answered(store)) == {rid}
    assert set(index_head(store)["rounds"]) == {rid}


def test_a_round_file_damaged_since_it_was_indexed_is_named_not_shown(tmp_path: Path, trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    store.listing()
    store.round_path(other).write_text('{"meta": ', encoding="utf-8")
    result = store.figures()
    assert [f.id for f in result.rounds] == [rid]
    assert [error.path for error in result.damaged] == [store.round_path(other)]


def test_a_truncated_index_is_rebuilt_and_nothing_is_lost(tmp_path: Path, trusting: None) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    store.save_answer(other, "S1.02", answer="fail", note="未审查")
    store.submit(other, allow_unanswered=True)
    store.listing()
    whole = store.index_path.read_bytes()
    cut = whole[: len(whole) // 3]
    store.index_path.write_bytes(cut)
    assert answered(Store(store.data_dir)) == {rid: 0, other: 1}
    assert [p.read_bytes() for p in store.data_dir.glob("index.jsonl.damaged-*")] == [cut]
    assert store.index_path.read_bytes().count(b"\n") == whole.count(b"\n")  # whole again


def test_damaged_part_lines_are_taken_from_the_round_file(tmp_path: Path, trusting: None) -> None:
    """The first line is whole but the lines after it are cut or garbled: the figures come from the
    round files, never from what is left of the index."""
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="fail", note="未调整")
    store.save_answer(rid, "S1.02", answer="fail", note="未审查")
    store.submit(rid, allow_unanswered=True)
    truth = store.load_round(rid)
    store.listing()
    head, *parts = store.index_path.read_bytes().split(b"\n")
    garbled = [part.replace(b'"S1.02"', b'"S9.99"').replace(b"fail", b"pass")[:-3] for part in parts if part]
    store.index_path.write_bytes(b"\n".join([head, *garbled, b""]))
    [figures] = Store(store.data_dir).figures().rounds
    assert figures.score == truth.score
    assert figures.rectifications == truth.rectifications
    assert dict(figures.answers) == {item: a.answer for item, a in truth.answers.items()}


def index_lines(store: Store) -> list[bytes]:
    return [line for line in store.index_path.read_bytes().split(b"\n") if line]


def test_a_damaged_part_line_is_written_anew_not_read_from_the_round_file_ever_after(
        tmp_path: Path, trusting: None, capsys: pytest.CaptureFixture[str]) -> None:
    store, rid = store_with_round(tmp_path)
    other = store.new_round(small_checklist(tmp_path), "桃岭村", "2025-Q1").id
    for r in (rid, other):
        store.save_answer(r, "S1.01", answer="fail", note="未调整")
        store.save_answer(r, "S1.02", answer="pass")
        store.submit(r, allow_unanswered=True)
    store.listing()
    whole = index_lines(store)
    head, *parts = whole
    broken = [part[:-3] if json.loads(part)[0::2] == [other, "r"] else part for part in parts]
    assert broken != parts
    store.index_path.write_bytes(b"\n".join([head, *broken, b""]))
    code, out, err = run_main(capsys, "ledger", "--format", "json", "--data", str(store.data_dir))
    assert code == 0, err
    assert [item["id"] for item in json.loads(out)["items"]] == [f"{rid}-01", f"{other}-01"]
    assert index_lines(store) == whole  # the line as the round file makes it, the rest unchanged

    def unread(round_id: str) -> None:
        raise AssertionError(f"{round_id} read from its file")

    reader = Store(store.data_dir)
    reader.load_round = unread  # type: ignore[method-assign]
    assert [len(f.rectifications) for f in reader.figures().rounds] == [1, 1]


def test_the_old_catalog_is_deleted_when_the_index_is_written_and_nothing_else(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    store.listing()
    for name in ("catalog.json", "catalog.json.damaged-1", "catalog.json.lock", "my-catalog.json"):
        (store.data_dir / name).write_text("{}", encoding="utf-8")
    store.listing()  # nothing changed: the index is not written, nothing deleted
    assert (store.data_dir / "catalog.json").exists()
    store.save_answer(rid, "S1.01", answer="pass")
    store.listing()
    left = sorted(p.name for p in store.data_dir.iterdir() if "catalog" in p.name)
    assert left == ["catalog.json.damaged-1", "catalog.json.lock", "my-catalog.json"]


@contextmanager
def no_lock(path: Path):
    raise write_error(path, PermissionError(13, "Permission denied", str(path)))
    yield


def test_a_read_only_folder_without_an_index_lists_its_rounds_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    store, rid = store_with_round(tmp_path)
    store.save_answer(rid, "S1.01", answer="pass")
    store.index_path.unlink(missing_ok=True)
    before = file_bytes(store.data_dir)
    monkeypatch.setattr(index, "locked", no_lock)  # as in a folder where no lock file can be made
    code, out, err = run_main(capsys, "rounds", "--format", "json", "--data", str(store.data_dir))
    assert code == 0, err
    assert [(row["id"], row["answered"]) for row in json.loads(out)] == [(rid, 1)]
    assert file_bytes(store.data_dir) == before and not store.index_path.exists()


def test_read_index_writes_nothing(tmp_path: Path) -> None:
    store, rid = store_with_round(tmp_path)
    before = sorted(p.name for p in store.data_dir.rglob("*"))
    assert [f.id for f in read_index(store.data_dir).rounds] == [rid]
    assert sorted(p.name for p in store.data_dir.rglob("*")) == before


def test_a_lock_held_by_another_program_is_an_error_not_a_silent_fallback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = store_with_round(tmp_path)

    @contextmanager
    def busy(path: Path):
        raise LockBusy(f"文件 {path} 正被其他程序占用,请稍后重试")
        yield
    monkeypatch.setattr(index, "locked", busy)
    with pytest.raises(DataError, match="占用"):
        store.listing()


def test_the_index_gives_the_very_items_and_loop_counts_the_round_files_give(tmp_path: Path,
                                                                            trusting: None) -> None:
    """"r" (positional) and "l" (reduced) made back into items: equal to the round files' items,
    with every kind of history entry the demo makes, and with a null comment or evidence (which a
    hand-edited file may hold) kept as null."""
    import datetime as dt

    from checklist_tui.catalogue.library import checklist_dirs, load_library
    from checklist_tui.domain.metrics import loop_counts
    from checklist_tui.interchange.demo import make_demo

    store = Store(tmp_path / "data")
    make_demo(store, load_library(checklist_dirs(store.data_dir)), 30, day=dt.date(2026, 12, 1))
    rid = next(row["id"] for row in store.listing() if row["open"])
    path = store.round_path(rid)
    text = path.read_text(encoding="utf-8")
    answers, items = text.split('"rectifications"')
    assert '"comment":""' in items and '"evidence":""' in items
    items = items.replace('"comment":""', '"comment":null').replace('"evidence":""', '"evidence":null')
    path.write_text(answers + '"rectifications"' + items, encoding="utf-8")
    loaded = store.load_all()
    assert not loaded.damaged, loaded.damaged
    files = {r.id: r for r in loaded.rounds}
    assert any(t.comment is None for r in files[rid].rectifications for t in r.history)
    Store(store.data_dir).figures()  # builds the index from the files
    reader = Store(store.data_dir)
    reader.load_round = lambda round_id: pytest.fail(f"{round_id} read from its file")  # type: ignore[method-assign]
    indexed = reader.figures().rounds
    assert {f.id for f in indexed} == set(files)
    kinds = set()
    for figures in indexed:
        truth = files[figures.id].rectifications
        assert figures.rectifications == truth
        kinds |= {(t.from_, t.to, t.action) for r in truth for t in r.history}
        assert [r.id for r in figures.loop_items] == [r.id for r in truth]
    assert {("review", "rectifying", ""), ("rectifying", "rectifying", ""), ("review", "closed", "")} <= kinds
    inspected = [r.inspected() for r in files.values()]
    full = [rect for r in files.values() for rect in r.rectifications]
    reduced = [rect for f in indexed for rect in f.loop_items]
    for day in ("2025-01-01", "2025-06-30", "2026-03-31", "2026-12-01"):
        on = dt.date.fromisoformat(day)
        assert loop_counts(reduced, inspected, on) == loop_counts(full, inspected, on)
