"""Answer sheets, generated: CSV in every encoding (and broken bytes), JSON of any shape. Whatever
comes in, `import` exits 0 or 2, never with a traceback; a refused sheet leaves every file of the
data folder byte-identical; an accepted one stores exactly what its rows said."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from budget import examples, no_fsync
from contract import assert_no_crash, run, snapshot
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from storefixtures import store_with_round

from checklist_tui.domain.text import normalise_breaks
from checklist_tui.storage.store import Store

HEADER = ["item", "answer", "value", "note", "evidence"]
STATUS_ITEMS = ["S1.01", "S1.03", "S2.03"]  # S1.02 is critical: 基本符合 is refused there, left to the words
WORDS = {"pass": "pass", "符合": "pass", "FAIL": "fail", "不符合": "fail", "基本符合": "partial",
         "na": "na", "不适用": "na"}
CONTROL = st.sampled_from(["\x1b", "\x1b[31m", "\x07", "\x00", "\x9b", "\x7f", "\r"])
TEXT = st.one_of(
    st.text(max_size=12),
    st.text(st.sampled_from("说明材料 ,\"'\n=+-@＝[]/\\%１"), max_size=12),
    st.builds(lambda a, c, b: a + c + b, st.text(max_size=4), CONTROL, st.text(max_size=4)),
)

__all__ = ["no_fsync"]  # the autouse fixture, imported to apply here


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str, Path]:
    tmp = tmp_path_factory.mktemp("sheets")
    store, rid = store_with_round(tmp)
    return store, rid, tmp


def number_text(number: int, style: str) -> str:
    if style == "plain":
        return str(number)
    if style == "percent":
        return f"{number}%"
    if style == "full":
        return str(number).translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "％"
    return f"{number:,}"  # thousands


ROW = st.one_of(
    st.tuples(st.sampled_from(STATUS_ITEMS), st.sampled_from(sorted(WORDS)), st.just(""), TEXT, TEXT),
    st.tuples(st.just("S2.04"), st.just(""),
              st.builds(number_text, st.integers(0, 10**7), st.sampled_from(["plain", "thousands"])),
              TEXT, TEXT),
    st.tuples(st.just("S2.01"), st.just(""),
              st.builds(number_text, st.integers(0, 100), st.sampled_from(["plain", "percent", "full"])),
              TEXT, TEXT),
    st.tuples(st.sampled_from(["S1.01", "S9.99", "", " S2.01"]), st.text(max_size=6), st.text(max_size=8),
              TEXT, TEXT),
)


def csv_bytes(rows: list[tuple[str, ...]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding, "replace" if encoding.startswith("gb") else "surrogatepass")


def expected_number(text: str) -> float:
    plain = text.translate(str.maketrans("０１２３４５６７８９％", "0123456789%"))
    return float(plain.rstrip("%").replace(",", ""))


def check_import(folder: tuple[Store, str, Path], content: bytes, name: str,
                 rows: list[tuple[str, ...]] | None) -> int:
    store, rid, tmp = folder
    sheet = tmp / name
    sheet.write_bytes(content)
    before = snapshot(store.data_dir)
    answers_before = store.load_round(rid).answers
    code, _, err = run("import", rid, str(sheet), "--data", str(store.data_dir))
    assert_no_crash(code, err, (0, 2))
    event(f"exit {code}")
    if code == 2:
        assert snapshot(store.data_dir) == before, err
        return code
    if rows is None:
        return code
    stored = store.load_round(rid).answers
    for item, word, value, note, evidence in rows:
        if not any(cell.strip() for cell in (word, value, note, evidence)):
            continue  # a row with nothing filled in is skipped (and counted as such), whatever its item
        answer = stored[item.strip()]
        if note.strip():
            assert answer.note == normalise_breaks(note.strip())
        elif item.strip() in answers_before:
            assert answer.note == answers_before[item.strip()].note  # an empty cell keeps what was stored
        if evidence.strip():
            assert answer.evidence == normalise_breaks(evidence.strip())
        if word.strip():
            assert answer.answer == WORDS[word.strip()]
        if value.strip():
            assert answer.value == expected_number(value.strip())
    return code


@settings(max_examples=examples(250))
@given(rows=st.lists(ROW, max_size=6, unique_by=lambda r: r[0].strip()),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_csv_sheets_in_every_encoding(folder, rows, encoding) -> None:
    content = csv_bytes(rows, encoding)
    if encoding == "gb18030":  # bytes that also read as UTF-8 are UTF-8: that is the documented rule
        try:
            content.decode("utf-8")
            assume(False)
        except UnicodeDecodeError:
            pass
    lossless = content.decode("utf-8-sig" if encoding != "gb18030" else "gb18030", "replace") == \
        csv_bytes(rows, "utf-8").decode("utf-8")
    check_import(folder, content, "sheet.csv", rows if lossless else None)


@settings(max_examples=examples(200))
@given(rows=st.lists(ROW, max_size=5), cut=st.integers(0, 400), junk=st.binary(max_size=12),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]))
def test_broken_csv_bytes(folder, rows, cut, junk, encoding) -> None:
    content = csv_bytes(rows, "utf-8" if encoding == "utf-16" else encoding)
    if encoding == "utf-16":
        content = content.decode("utf-8").encode("utf-16")
    content = content[:cut] + junk + content[cut:]
    check_import(folder, content, "sheet.csv", None)


@settings(max_examples=examples(150))
@given(data=st.binary(max_size=300))
def test_any_bytes_as_a_sheet(folder, data) -> None:
    check_import(folder, data, "sheet.csv", None)
    check_import(folder, data, "sheet.json", None)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
    max_leaves=8)
ENTRY = st.dictionaries(st.sampled_from([*HEADER, "checklist", "extra"]), JSON_VALUE, max_size=6)


@settings(max_examples=examples(200))
@given(entries=st.one_of(st.lists(ENTRY, max_size=5), JSON_VALUE))
def test_json_sheets_of_any_shape(folder, entries) -> None:
    content = json.dumps(entries, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    check_import(folder, content, "sheet.json", None)


@settings(max_examples=examples(200))
@given(rows=st.lists(ROW, max_size=5, unique_by=lambda r: r[0].strip()))
def test_json_sheets_store_what_they_say(folder, rows) -> None:
    entries = [dict(zip(HEADER, row, strict=True)) for row in rows]
    content = json.dumps(entries, ensure_ascii=False).encode("utf-8", "surrogatepass")
    check_import(folder, content, "sheet.json", rows)
