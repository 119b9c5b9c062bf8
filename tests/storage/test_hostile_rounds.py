"""Round files and backups of valid JSON but the wrong shape (issue 14): each is a damaged file —
named, the rest still shown, exit 1, never overwritten — instead of a crash hiding every round."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from storefixtures import run_main, small_checklist

from checklist_tui.storage import backups as storage_backups
from checklist_tui.storage.store import Store


def two_rounds(tmp_path: Path) -> tuple[Store, Path]:
    store = Store(tmp_path / "data")
    checklist = small_checklist(tmp_path)
    first = store.new_round(checklist, "麻埠村", "2025-Q1").id
    store.new_round(checklist, "桃岭村", "2025-Q1")
    store.save_answer(first, "S1.01", answer="fail", note="未调整")
    store.raise_item(first, problem="未建台账", by="王")
    return store, store.round_path(first)


def deep(n: int) -> object:
    value: object = 1
    for _ in range(n):
        value = [value]
    return value


def set_in(path: tuple[str, ...], value: object) -> Callable[[dict], None]:
    def change(data: dict) -> None:
        target = data
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def first_rect(change: Callable[[dict], None]) -> Callable[[dict], None]:
    def apply(data: dict) -> None:
        change(next(iter(data["rectifications"].values())))
    return apply


MUTATIONS = {
    "answers-a-list": set_in(("answers",), []),
    "meta-a-list": set_in(("meta",), []),
    "meta-row-a-list": set_in(("meta", "1"), []),
    "answer-bogus": lambda d: next(iter(d["answers"].values())).update(answer="bogus"),
    "answer-a-string": set_in(("answers", "1"), "bogus"),
    "value-a-string": lambda d: next(iter(d["answers"].values())).update(value="x"),
    "note-a-list": lambda d: next(iter(d["answers"].values())).update(note=[1]),
    "history-empty": first_rect(lambda r: r.update(history=[])),
    "state-bogus": first_rect(lambda r: r["history"][0].update(to="bogus")),
    "found-not-a-date": first_rect(lambda r: r.update(found="2025-02-30")),
    "rect-id-of-another-round": first_rect(lambda r: r.update(id="R0009-01")),
    "period-2024-13": set_in(("meta", "1", "period"), "2024-13"),
    "unit-a-number": set_in(("meta", "1", "unit"), 5),
    "raw-null": set_in(("checklist", "1", "raw"), None),
    "meta-id-disagrees": set_in(("meta", "1", "id"), "R0002"),
    "deep-nesting": set_in(("answers", "1", "note"), deep(5000)),
    "huge-integer": set_in(("answers", "1", "value"), "HUGE"),
}


def damage(path: Path, name: str) -> bytes:
    data = json.loads(path.read_text("utf-8"))
    MUTATIONS[name](data)
    text = json.dumps(data, ensure_ascii=False) if name != "deep-nesting" else None
    if name == "deep-nesting":
        data["answers"]["1"]["note"] = "DEEP"
        text = json.dumps(data, ensure_ascii=False).replace('"DEEP"', "[" * 5000 + "1" + "]" * 5000)
    text = text.replace('"HUGE"', "9" * 5000)
    path.write_text(text, encoding="utf-8")
    return path.read_bytes()


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_misshapen_round_file_is_damaged_not_a_crash(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    store, path = two_rounds(tmp_path)
    store.index_path.unlink(missing_ok=True)  # the listing must come from the files themselves
    damaged = damage(path, name)
    data = ("--data", str(store.data_dir))
    code, out, err = run_main(capsys, "rounds", "--format", "json", *data)
    assert code == 1, err
    assert str(path) in err and "内部错误" not in err
    assert [row["id"] for row in json.loads(out)] == ["R0002"]  # the healthy round is still shown
    for argv in (("summary",), ("summary", "--format", "json"), ("ledger",), ("ledger", "--format", "csv"),
                 ("draft", "--year", "2025")):
        code, _, err = run_main(capsys, *argv, *data)
        assert code in ((1, 2) if argv[0] == "draft" else (1,)), (argv, err)  # draft: none submitted
        assert "内部错误" not in err and str(path) in err, argv
    for argv in (("raise", "R0001", "--problem", "p", "--by", "b"),
                 ("submit", "R0001", "--allow-unanswered")):
        code, _, err = run_main(capsys, *argv, *data)
        assert code == 1 and "内部错误" not in err, (argv, err)
    assert path.read_bytes() == damaged  # never overwritten


def test_a_misshapen_backup_is_refused_by_restore(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(storage_backups, "BACKUP_INTERVAL", 0.0)
    store, path = two_rounds(tmp_path)
    store.save_answer("R0001", "S1.01", answer="pass")
    backup = store.backups("R0001")[0]
    damage(backup, "answer-bogus")
    before = path.read_bytes()
    code, _, err = run_main(capsys, "restore", "R0001", "1", "--data", str(store.data_dir))
    assert code == 1 and str(backup) in err and "内部错误" not in err
    assert path.read_bytes() == before


def test_a_backup_of_another_round_is_refused(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(storage_backups, "BACKUP_INTERVAL", 0.0)
    store, path = two_rounds(tmp_path)
    store.save_answer("R0001", "S1.01", answer="pass")
    backup = store.backups("R0001")[0]
    backup.write_bytes(store.round_path("R0002").read_bytes())
    before = path.read_bytes()
    code, _, err = run_main(capsys, "restore", "R0001", "1", "--data", str(store.data_dir))
    assert code == 1 and "R0002" in err
    assert path.read_bytes() == before


def test_restore_brings_back_what_it_listed_and_keeps_the_oldest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(storage_backups, "BACKUP_INTERVAL", 0.0)
    store, path = two_rounds(tmp_path)
    for n in range(1, 8):
        store.save_answer("R0001", "S1.01", answer="pass", note=f"第{n}次")
    listed = {p.name.rsplit(".", 1)[1]: p.read_bytes() for p in store.backups("R0001")}
    current = path.read_bytes()
    code, out, err = run_main(capsys, "restore", "R0001", "3", "--data", str(store.data_dir))
    assert code == 0, err
    assert "备份 3" in out
    assert path.read_bytes() == listed["3"]
    after = {p.name.rsplit(".", 1)[1]: p.read_bytes() for p in store.backups("R0001")}
    assert after == {"1": current, "2": listed["1"], "3": listed["2"], "4": listed["4"], "5": listed["5"]}
