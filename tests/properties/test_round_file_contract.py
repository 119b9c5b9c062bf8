"""Round files, mutated: any value of any JSON type put anywhere in a real round file. The reading
commands exit 0 or 1 (a damaged file), never with a traceback; the other round is still listed; and
the mutated file is never written to — by a read or by a refused write."""

from __future__ import annotations

import json

import pytest
from budget import examples, no_fsync
from contract import assert_no_crash, run
from hypothesis import event, given, settings
from hypothesis import strategies as st
from storefixtures import small_checklist

from checklist_tui.storage.store import Store

__all__ = ["no_fsync"]  # the autouse fixture, imported to apply here

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8)
    | st.sampled_from(["pass", "bogus", "2024-13", "2025-02-30", "R0002", "closed", "R0001-01"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> dict:
    tmp = tmp_path_factory.mktemp("roundfile")
    store = Store(tmp / "data")
    checklist = small_checklist(tmp)
    rid = store.new_round(checklist, "麻埠村", "2025-Q1").id
    store.save_answer(rid, "S1.01", answer="fail", note="未调整")
    store.save_answer(rid, "S2.01", value=96.0)
    rect = store.raise_item(rid, problem="未建台账", by="王")
    store.rectify(rect.id, "notified", by="王", date=store.today())
    return json.loads(store.round_path(rid).read_text("utf-8"))


def paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON document: keys of objects, indexes of lists."""
    found = [prefix]
    if isinstance(value, dict):
        for key, inner in value.items():
            found += paths(inner, (*prefix, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += paths(inner, (*prefix, index))
    return found


def put(document: object, place: tuple, value: object) -> object:
    if not place:
        return value
    target = document
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    return document


@settings(max_examples=examples(100))
@given(data=st.data())
def test_any_value_anywhere_in_a_round_file(tmp_path_factory, healthy: dict, data: st.DataObject) -> None:
    tmp = tmp_path_factory.mktemp("mutated")
    folder = tmp / "data"
    (folder / "rounds").mkdir(parents=True)
    document = json.loads(json.dumps(healthy))
    for _ in range(data.draw(st.integers(1, 3))):
        place = data.draw(st.sampled_from(paths(document)))
        document = put(document, place, data.draw(JSON))
    other = json.loads(json.dumps(healthy))
    other["meta"]["1"]["id"] = "R0002"
    other["rectifications"] = {}
    path = folder / "rounds" / "R0001.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    (folder / "rounds" / "R0002.json").write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    before = path.read_bytes()
    data_args = ("--data", str(folder))
    code, out, err = run("rounds", "--format", "json", *data_args)
    assert_no_crash(code, err, (0, 1))
    event(f"rounds {code}")
    assert "R0002" in [row["id"] for row in json.loads(out)]
    for argv in (("summary", "--include-drafts", "--format", "json"), ("ledger", "--format", "csv")):
        code, _, err = run(*argv, *data_args)
        assert_no_crash(code, err, (0, 1, 2))
    for argv in (("raise", "R0001", "--problem", "p", "--by", "b"),):
        code, _, err = run(*argv, *data_args)
        assert_no_crash(code, err, (0, 1, 2))
        if code != 0:
            assert path.read_bytes() == before
