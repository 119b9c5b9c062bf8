"""One round file's content: its schema and migrations, and the `Round` (domain) read from it.

A round file is a TinyDB document set: `meta` (one row, with the schema version), `checklist`
(the frozen copy of the checklist as it was when the round began), `answers`, `history` (every
change of an answer) and `rectifications`. An older schema is migrated in memory on read and
written back on the next save; a newer one is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checklist_tui.catalogue.parse import parse_checklist
from checklist_tui.domain import loop
from checklist_tui.domain.checklist import Checklist, ChecklistError
from checklist_tui.domain.round import Round, RoundMeta, status_of
from checklist_tui.domain.scoring import Answer
from checklist_tui.errors import DamagedFile, DataError
from checklist_tui.storage.round_shape import check_round_shape, round_id_of

__all__ = ["SCHEMA", "LoadResult", "NewerSchema", "Round", "RoundMeta", "json_safe", "migrate",
           "round_from_data"]  # Round and RoundMeta live in the domain; re-exported for old imports

SCHEMA = 4


class NewerSchema(DamagedFile):
    """A file written by a newer checklist-tui: refused like a damaged one (never overwritten,
    left out of listings with a warning), but with its own message."""

    def __init__(self, path: Path, version: Any):
        self.path = path
        DataError.__init__(self, f"{path} 的数据格式版本 {version} 比本程序支持的 {SCHEMA} 新，"
                                  "请升级 checklist-tui 后再打开。")


def json_safe(value: Any) -> Any:
    """TOML may hold dates; the frozen copy of a checklist is stored as plain JSON."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False))


# --- migrations ------------------------------------------------------------------------------


def _migrate_1_to_2(data: dict[str, Any]) -> None:
    """Schema 1 kept no answer history table; start one from the current answers."""
    answers = data.get("answers", {})
    data["history"] = {key: dict(doc) for key, doc in answers.items()}


def _migrate_2_to_3(data: dict[str, Any]) -> None:
    """Schema 3 stores the round's status (in_progress / submitted / void); before it a round was
    submitted exactly when it had a submission date."""
    meta = data["meta"]["1"]
    meta["status"] = status_of(meta)


def _migrate_3_to_4(data: dict[str, Any]) -> None:
    """Schema 4 gives every rectification item its 问题来源 (issue #12): 自查 for an item opened
    from a checklist item, 其他 otherwise. Every other value and history entry is kept as it was;
    the new fields (责任人, 整改类型, …) live in the history's `changes` and are simply absent."""
    for doc in (data.get("rectifications") or {}).values():
        if isinstance(doc, dict) and "source" not in doc:
            doc["source"] = "自查" if doc.get("item") else "其他"


MIGRATIONS: dict[int, Callable[[dict[str, Any]], None]] = {1: _migrate_1_to_2, 2: _migrate_2_to_3,
                                                           3: _migrate_3_to_4}


def migrate(path: Path, data: dict[str, Any]) -> bool:
    """Bring an older round file up to SCHEMA in memory; refuse a newer one. True if changed."""
    meta = data.get("meta", {}).get("1")
    if not isinstance(meta, dict):
        raise DamagedFile(path, "缺少批次信息（meta）")
    version = meta.get("schema", 1)
    if not isinstance(version, int) or version > SCHEMA:
        raise NewerSchema(path, version)
    changed = False
    while version < SCHEMA:
        MIGRATIONS[version](data)
        version += 1
        meta["schema"] = version
        changed = True
    return changed


_checklist_cache: dict[str, Checklist] = {}


def frozen_checklist(path: Path, raw: Mapping[str, Any]) -> Checklist:
    """Parse a round's frozen checklist copy (cached: many rounds share one copy)."""
    key = json.dumps(raw, sort_keys=True, ensure_ascii=False)
    cached = _checklist_cache.get(key)
    if cached is None:
        try:
            cached = parse_checklist(raw, f"{path} (frozen checklist)", frozen=True)
        except ChecklistError as error:
            raise DamagedFile(path, f"检查表副本无效：{error.problems[0]}") from None
        _checklist_cache[key] = cached
    return cached


@dataclass
class LoadResult:
    """The rounds of a folder that could be read, and the files that could not."""

    rounds: list[Round]
    damaged: list[DamagedFile]


def round_from_data(path: Path, data: dict[str, Any], stamp: tuple[int, int] = (0, 0)) -> Round:
    check_round_shape(path, data, round_id_of(path))  # a misfit is a damaged file, never a crash
    migrate(path, data)
    try:
        meta = RoundMeta.from_doc(data["meta"]["1"])
        raw = data["checklist"]["1"]["raw"]
        answers = {
            doc["item"]: Answer(doc.get("answer"), doc.get("value"), doc.get("note", ""),
                                doc.get("evidence", ""), doc.get("by", ""), doc.get("at", ""))
            for doc in data.get("answers", {}).values()
        }
        rects = [loop.Rectification.from_dict(doc) for doc in data.get("rectifications", {}).values()]
    except (KeyError, TypeError, ValueError) as error:
        raise DamagedFile(path, f"内容不完整：{error}") from None
    return Round(meta, frozen_checklist(path, raw), answers, rects, stamp)
