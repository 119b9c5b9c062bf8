"""The shape a round file must have before anything is built from it (issue 14).

A file of valid JSON but the wrong shape (`answers` a list, an answer `"bogus"`, a rectification
without history, period `2024-13`, …) is a damaged file exactly like a truncated one: named, left
out of listings with the rest still shown, exit 1, never overwritten. `check_round_shape` names the
first misfit it finds, with its place in the file, as the DamagedFile's reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from checklist_tui.domain.loop import STATES
from checklist_tui.domain.period import parse_period
from checklist_tui.domain.round import STATUSES
from checklist_tui.domain.scoring import ANSWER_VALUES
from checklist_tui.errors import DamagedFile

META_TEXT = ("id", "checklist", "title", "unit", "period", "created")
ANSWER_TEXT = ("note", "evidence", "by", "at")


class Misfit(ValueError):
    """Where the file departs from the shape, and how."""


def _table(data: Mapping[str, Any], name: str, required: bool) -> dict[str, Any]:
    if name not in data and not required:
        return {}
    table = data[name] if name in data else None
    if not isinstance(table, dict) or not all(isinstance(doc, dict) for doc in table.values()):
        raise Misfit(f"{name} 应为由记录组成的表")
    return table


# what a person repairing the file reads instead of Python's type names
_KIND_WORDS = {"NoneType": "空缺", "int": "数字", "float": "数字", "bool": "真假值", "list": "列表",
               "dict": "对象"}


def _kind(value: Any) -> str:
    return _KIND_WORDS.get(type(value).__name__, "其他类型的值")


def _text(doc: Mapping[str, Any], key: str, where: str, optional: bool = False) -> None:
    value = doc.get(key)
    if value is None and (optional or (key not in doc and key in ANSWER_TEXT)):
        return
    if not isinstance(value, str):
        raise Misfit(f"{where}.{key} 应为文本，实际为{_kind(value)}")


def _date(value: Any, where: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    try:
        dt.date.fromisoformat(value[:10])
        if len(value) > 10 and value[10] != "T":
            raise ValueError(value)
    except (TypeError, ValueError):
        raise Misfit(f"{where} 应为 2026-11-30 形式的日期，实际为「{str(value)[:30]}」") from None


def _number(value: Any, where: str) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) \
            or abs(value) > 1e15:
        raise Misfit(f"{where} 应为数值，实际为「{str(value)[:30]}」")


def _meta(data: Mapping[str, Any], expected_id: str | None) -> str:
    meta = _table(data, "meta", True).get("1")
    if meta is None:
        raise Misfit("缺少批次信息（meta）")
    for key in META_TEXT:
        _text(meta, key, "meta")
    for key in ("version", "inspector"):
        _text(meta, key, "meta", optional=True)
    try:
        parse_period(meta["period"])
    except ValueError:
        raise Misfit(f"meta.period「{meta['period'][:30]}」不是有效的期间") from None
    _date(meta["created"], "meta.created")
    _date(meta.get("submitted"), "meta.submitted", optional=True)
    if meta.get("status") is not None and meta["status"] not in STATUSES:
        raise Misfit(f"meta.status「{str(meta['status'])[:30]}」无效")
    if meta.get("void") is not None and not isinstance(meta["void"], dict):
        raise Misfit("meta.void 应为记录")
    if expected_id is not None and meta["id"] != expected_id:
        raise Misfit(f"文件名是 {expected_id}，文件里的批次编号却是「{meta['id'][:30]}」")
    return meta["id"]


def _answers(data: Mapping[str, Any], name: str) -> None:
    for key, doc in _table(data, name, False).items():
        where = f"{name}[{key}]"
        if not isinstance(doc.get("item"), str):
            raise Misfit(f"{where}.item 应为检查项编号")
        if doc.get("answer") is not None and (not isinstance(doc["answer"], str)
                                              or doc["answer"] not in ANSWER_VALUES):
            raise Misfit(f"{where}.answer「{str(doc['answer'])[:30]}」不是有效的答案")
        _number(doc.get("value"), f"{where}.value")
        for text in ANSWER_TEXT:
            _text(doc, text, where)


def _rectifications(data: Mapping[str, Any], round_id: str) -> None:
    pattern = re.compile(rf"\A{re.escape(round_id)}-[0-9]{{2,6}}\Z")
    for key, doc in _table(data, "rectifications", False).items():
        where = f"rectifications[{key}]"
        if not isinstance(doc.get("id"), str) or not pattern.match(doc["id"]):
            raise Misfit(f"{where}.id「{str(doc.get('id'))[:30]}」不是本批次的整改事项编号")
        for text in ("round", "unit", "period", "problem"):
            _text(doc, text, where)
        for text in ("checklist", "item", "source"):
            _text(doc, text, where, optional=True)
        _date(doc.get("found"), f"{where}.found")
        history = doc.get("history")
        if not isinstance(history, list) or not history or not all(isinstance(t, dict) for t in history):
            raise Misfit(f"{where}.history 应为非空的流转记录列表")
        for n, step in enumerate(history):
            at = f"{where}.history[{n}]"
            if step.get("to") not in STATES or (step.get("from") is not None and step["from"] not in STATES):
                raise Misfit(f"{at} 的状态无效")
            _date(step.get("date"), f"{at}.date")
            _text(step, "by", at)
            for text in ("comment", "evidence"):
                _text(step, text, at, optional=True)
            changes = step.get("changes") or {}
            if not isinstance(changes, dict) or not all(isinstance(c, dict) for c in changes.values()):
                raise Misfit(f"{at}.changes 应为记录")


def check_round_shape(path: Path, data: Any, expected_id: str | None = None) -> None:
    """Raise DamagedFile naming the first place where `data` is not a round file's shape."""
    try:
        if not isinstance(data, dict):
            raise Misfit("内容不是预期的格式")
        round_id = _meta(data, expected_id)
        if not isinstance(_table(data, "checklist", True).get("1", {}).get("raw"), dict):
            raise Misfit("缺少检查表副本（checklist）")
        _answers(data, "answers")
        _answers(data, "history")
        _rectifications(data, round_id)
    except Misfit as misfit:
        raise DamagedFile(path, f"内容不是批次文件应有的格式：{misfit}") from None
    except (TypeError, AttributeError, KeyError, ValueError):  # a shape this check missed
        raise DamagedFile(path, "内容不是批次文件应有的格式") from None


def round_id_of(path: Path) -> str | None:
    """`R0001` for rounds/R0001.json and for a backup backups/R0001.json.3."""
    head = path.name.split(".", 1)[0]
    return head if re.fullmatch(r"R[0-9]{4,}", head) else None
