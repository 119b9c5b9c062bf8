"""A damaged round file is named in words a person repairing it can read: 「」 around the value
found, a date 应为 2026-11-30 形式, and no Python type names (NoneType, list) or reprs."""

from __future__ import annotations

import json

import pytest

from checklist_tui.errors import DamagedFile


def _damage(store, round_id: str, change) -> str:
    path = store.data_dir / "rounds" / f"{round_id}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(DamagedFile) as caught:
        store.load_round(round_id)
    return str(caught.value)


def test_a_bad_date_is_quoted_the_chinese_way(store, round_id: str) -> None:
    message = _damage(store, round_id, lambda d: d["meta"]["1"].update(created="2026/01/05"))
    assert "meta.created 应为 2026-11-30 形式的日期，实际为「2026/01/05」" in message
    assert "YYYY" not in message and "'" not in message


def test_a_value_of_the_wrong_kind_is_named_in_chinese(store, round_id: str) -> None:
    message = _damage(store, round_id, lambda d: d["meta"]["1"].update(unit=["党政办"]))
    assert "meta.unit 应为文本，实际为列表" in message and "list)" not in message
