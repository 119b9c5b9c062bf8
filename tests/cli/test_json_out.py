"""`--format json` is written by orjson piece by piece (cli/json_out.py): the text must be what
`json.dumps(…, ensure_ascii=False, indent=2)` writes, for any data the reports hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportfixtures import AS_OF, build, run

from checklist_tui.cli.json_out import json_pieces

SAMPLES = [
    {},
    [],
    {"as_of": "2025-03-01", "items": []},
    {"items": [{}, [], {"a": []}], "n": 0},
    {"as_of": "2025-03-01", "items": [
        {"id": "R0001-01", "problem": "[/]备注[bold]x|管道\n第二行", "due": None, "overdue": False,
         "reopen_count": 2, "score": 82.5, "rate": 0.3333333333333333, "evidence": ["a", "“引号”"],
         "history": [{"to": "closed", "date": "2025-02-20", "comment": "控制\x1b[31m字符\t\\\""}],
         "nested": {"deep": {"deeper": [1, 2.0, True, None, {"x": []}]}}},
        {"id": "R0001-02", "progress": [], "remark": "全角，标点。"},
    ]},
    [{"id": "R0001", "score": 100.0, "grade": "优秀"}, {"id": "R0002", "score": None}],
    {"sections": {"S1": {"rounds": [90.0, 37.5], "title": "依法决策"}, "S2": {}}},
    {"1": "keys that look like numbers", "": "an empty key"},
]


@pytest.mark.parametrize("data", SAMPLES)
def test_the_text_is_json_dumps_indent_2(data: object) -> None:
    assert b"".join(json_pieces(data)).decode() == json.dumps(data, ensure_ascii=False, indent=2)


def test_a_lone_surrogate_from_an_old_file_is_escaped_not_a_traceback() -> None:
    data = {"items": [{"problem": "坏\ud800字"}]}
    text = b"".join(json_pieces(data)).decode()
    assert json.loads(text) == data


def test_ledger_and_summary_json_on_the_command_line(capsys, tmp_path: Path) -> None:
    data, lists = build(tmp_path)
    for command in ("ledger", "summary"):
        code, out, _ = run(capsys, data, lists, command, "--format", "json", "--as-of", AS_OF.isoformat())
        assert code == 0
        assert out == json.dumps(json.loads(out), ensure_ascii=False, indent=2) + "\n"
        if command == "ledger":
            assert [i["id"] for i in json.loads(out)["items"]] == ["R0001-01", "R0001-02", "R0001-03",
                                                                    "R0002-01", "R0002-02", "R0004-01"]
        target = tmp_path / f"{command}.json"
        assert run(capsys, data, lists, command, "--format", "json", "--as-of", AS_OF.isoformat(),
                   "-o", str(target))[0] == 0
        assert target.read_text(encoding="utf-8") == out


@pytest.mark.parametrize("data", [s for s in SAMPLES if isinstance(s, dict) and "items" in s])
def test_items_given_as_an_iterator_are_written_as_the_list(data: dict) -> None:
    lazy = {**data, "items": iter(data["items"])}
    assert b"".join(json_pieces(lazy)).decode() == json.dumps(data, ensure_ascii=False, indent=2)
    assert b"".join(json_pieces(iter([]))).decode() == "[]"
