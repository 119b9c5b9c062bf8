"""Checklist TOML, generated: any document of the right outline with values of any type and size,
and any text at all. `validate` exits 0 or 2 naming the file, never a traceback; a checklist it
accepts starts a round whose summary is valid JSON (no NaN, no inf) in every format."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from budget import examples, no_fsync
from contract import assert_no_crash, run
from hypothesis import event, given, settings
from hypothesis import strategies as st

SCALARS = st.one_of(
    st.integers(-10, 200), st.integers(), st.floats(), st.sampled_from([1e307, -1e307, 0.5, 1.2]),
    st.booleans(), st.text(max_size=8), st.sampled_from(["S1.01", "probe\n", " a1 ", "S1.01[/]", "[bold]",
                                                        ">= 95", "<= 3", "== 1e9", "%", "number",
                                                        "deduction", "bonus", "status"]),
)
VALUE = st.one_of(SCALARS, st.lists(SCALARS, max_size=3))
ITEM_KEYS = ["id", "text", "weight", "kind", "critical", "unit", "min", "max", "target", "each", "cap",
             "source", "owner", "evidence", "guidance", "quote", "wieght"]


def toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) \
            else repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string, escapes included


def toml_table(header: str, table: dict[str, object]) -> str:
    return header + "\n" + "".join(f"{key} = {toml_value(v)}\n" for key, v in table.items()) + "\n"


ITEM = st.fixed_dictionaries(
    {"id": st.one_of(st.sampled_from(["S1.01", "S1.02", "S2.01"]), SCALARS), "text": st.just("问题?")},
    optional={key: VALUE for key in ITEM_KEYS if key not in ("id", "text")})
HEAD = st.fixed_dictionaries({"id": st.one_of(st.just("gen-list"), st.just("gen-list"), SCALARS),
                              "title": st.just("生成表")},
                             optional={"version": VALUE, "cadence": VALUE, "short": VALUE})


NUMBER = st.one_of(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(0, 100),
                   st.floats(0, 100), st.floats(), st.sampled_from([1e307, 10**30]))
NEAR_VALID = st.one_of(
    st.fixed_dictionaries({"text": st.just("是否?")}, optional={"weight": NUMBER, "critical": st.booleans()}),
    st.fixed_dictionaries({"text": st.just("比率"), "kind": st.just("number"), "unit": st.just("%"),
                           "target": st.sampled_from([">= 95", "<= 5", "== 100", ">= 1000"])},
                          optional={"weight": NUMBER, "min": NUMBER, "max": NUMBER}),
    st.fixed_dictionaries({"text": st.just("次数"), "kind": st.just("deduction"), "weight": st.just(2),
                           "each": NUMBER, "cap": st.one_of(st.just(2), NUMBER)}),
)


@st.composite
def documents(draw: st.DrawFn) -> str:
    near = draw(st.booleans())
    text = toml_table("[checklist]", {"id": "gen-list", "title": "生成表"} if near else draw(HEAD))
    for n in range(draw(st.integers(1, 2))):
        section_id = f"S{n + 1}" if near else draw(st.one_of(st.just(f"S{n + 1}"), SCALARS))
        text += toml_table("[[section]]", {"id": section_id, "title": "部分"})
        items = draw(st.lists(NEAR_VALID if near else ITEM, min_size=1, max_size=3))
        for position, item in enumerate(items, start=1):
            if near:
                item = {"id": f"S{n + 1}.{position:02d}", **item}
            text += toml_table("[[section.item]]", item)
    return text

__all__ = ["no_fsync"]  # the autouse fixture, imported to apply here


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("toml")


def check(data: Path, text: str) -> None:
    lists = data / "lists"
    lists.mkdir(exist_ok=True)
    path = lists / "gen.toml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, _, err = run("validate", str(path), "--data", str(data / "d"))
    assert_no_crash(code, err, (0, 2))
    event(f"validate {code}")
    if code == 2:
        assert str(path) in err
        return
    code, out, err = run("new", "--checklist", "gen-list", "--unit", "麻埠村", "--period", "2025", "--data",
                         str(data / "d"), "--checklists", str(lists))
    assert_no_crash(code, err, (0, 2))
    if code != 0:
        return
    round_id = out.strip()
    code, out, err = run("summary", round_id, "--format", "json", "--data", str(data / "d"))
    assert_no_crash(code, err, (0,))
    json.loads(out, parse_constant=lambda name: pytest.fail(f"{name} in JSON output"))
    for fmt in ("text", "md", "html"):
        code, _, err = run("summary", round_id, "--format", fmt, "--data", str(data / "d"))
        assert_no_crash(code, err, (0,))
    run("restore", round_id, "--data", str(data / "d"))
    for file in (data / "d" / "rounds").glob("*.json"):  # the next example starts afresh
        file.unlink()
    (data / "d" / "index.jsonl").unlink(missing_ok=True)


@settings(max_examples=examples(200))
@given(text=documents())
def test_generated_checklists(data: Path, text: str) -> None:
    check(data, text)


@settings(max_examples=examples(150))
@given(text=st.one_of(st.text(max_size=200), st.builds(lambda n, s: s * n, st.integers(1, 600),
                                                        st.sampled_from(["[", "a=[", "{", "[[", "a.b."]))))
def test_any_text_as_a_checklist(data: Path, text: str) -> None:
    check(data, text)
