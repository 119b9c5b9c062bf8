"""Data for the summary, ledger, draft and summary-screen tests: five rounds with fixed dates and
hand-computed scores, built through the Store, and a way to run the command line on them.

Plain functions (not fixtures) so test files import exactly what they use.

The common checklist (conftest.MINI_TOML) and, as R0005's, the same under another id:

    R0001 mini 党政办 2025  submitted 2025-02-01  S1 90.0, S2 37.5, total 75.0 → 合格
    R0002 mini 司法所 2025  submitted 2025-02-01  critical S1.02 不符合 → 不合格, 45.5, 1 unanswered
    R0003 mini 平安办 2025  not submitted         n/a-heavy: only S1.03 applies → 100.0, S2 null
    R0004 mini 党政办 2024  submitted 2024-12-20  S1 80.0, S2 100.0, total 86.7 → 良好
    R0005 mini-other 党政办 2025  not submitted  another checklist (for --compare refusals)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import MINI_TOML

from checklist_tui.catalogue.library import load_library
from checklist_tui.cli.main import main
from checklist_tui.storage.store import Store

D = dt.date
# User text that looks like Rich markup, a Markdown table cell break and a line break.
MARKUP_NOTE = "[/]备注[bold]x|管道\n第二行"
MARKUP_EVIDENCE = "[link=http://x]y"
AS_OF = D(2025, 3, 1)
Folders = tuple[Path, Path]  # (data folder, checklist folder)

# A second checklist, the common one under another id, for "not the same checklist" refusals.
OTHER_ID = "mini-other"
OTHER_TOML = MINI_TOML.replace('id = "mini"', f'id = "{OTHER_ID}"', 1).replace(
    'title = "麻埠镇法治建设小测表"', 'title = "另一张测试表"', 1)


def write_checklists(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.toml").write_text(MINI_TOML, encoding="utf-8")
    (folder / "other.toml").write_text(OTHER_TOML, encoding="utf-8")
    return folder


def _work(store: Store, rid: str, when: D, due: D, measures: str = "补齐记录") -> None:
    store.rectify(rid, "notified", by="王五", date=when)
    store.rectify(rid, "rectifying", by="王五", date=when + dt.timedelta(days=1), owner="党政办",
                  measures=measures, due=due, person="钱七", kind="限期整改")


def build(tmp_path: Path) -> tuple[Path, Path]:
    """(data folder, checklist folder) holding the five rounds above and their loop history."""
    lists = write_checklists(tmp_path / "lists")
    library = load_library([lists])
    rpt, rpt2 = library.get("mini"), library.get(OTHER_ID)
    data = tmp_path / "data"
    store = Store(data)

    a = store.new_round(rpt, "党政办", "2025", "张三", created=D(2025, 1, 6)).id
    for item, answer in (("S1.01", "pass"), ("S1.02", "pass"), ("S2.03", "na")):
        store.save_answer(a, item, answer=answer)
    store.save_answer(a, "S1.03", answer="partial", note=MARKUP_NOTE, evidence=MARKUP_EVIDENCE)
    store.save_answer(a, "S2.01", value=90)  # below the target: 不符合
    store.save_answer(a, "S2.02", value=1)  # (2 − 0.5) / 2 = 0.75: 基本符合
    store.save_answer(a, "S2.04", value=12)  # a count of weight 0
    store.submit(a, date=D(2025, 2, 1), by="张三")  # → R0001-01 S1.03, -02 S2.01, -03 S2.02

    b = store.new_round(rpt, "司法所", "2025", "李四", created=D(2025, 1, 6)).id
    for item, answer in (("S1.01", "pass"), ("S1.03", "pass"), ("S2.01", "na"), ("S2.02", "na"),
                         ("S2.04", "na")):
        store.save_answer(b, item, answer=answer)
    store.save_answer(b, "S1.02", answer="fail", note="未经合法性审查")
    store.submit(b, date=D(2025, 2, 1), by="李四", allow_unanswered=True)  # → R0002-01 S1.02

    c = store.new_round(rpt, "平安办", "2025", "", created=D(2025, 1, 6)).id
    for item in ("S1.01", "S1.02", "S2.01", "S2.02", "S2.03", "S2.04"):
        store.save_answer(c, item, answer="na")
    store.save_answer(c, "S1.03", answer="pass")

    old = store.new_round(rpt, "党政办", "2024", "张三", created=D(2024, 12, 1)).id
    for item, answer in (("S1.01", "pass"), ("S1.02", "pass"), ("S2.03", "pass")):
        store.save_answer(old, item, answer=answer)
    store.save_answer(old, "S1.03", answer="fail", note="全年未开展集体学法")
    store.save_answer(old, "S2.01", value=96)
    store.save_answer(old, "S2.02", value=0)
    store.save_answer(old, "S2.04", value=8)
    store.submit(old, date=D(2024, 12, 20), by="张三")  # → R0004-01 S1.03

    other = store.new_round(rpt2, "党政办", "2025", "", created=D(2025, 1, 6)).id
    store.save_answer(other, "S1.01", answer="pass")

    # R0004-01: closed on 2025-01-08, before its due date 2025-01-10, never sent back.
    _work(store, "R0004-01", D(2024, 12, 21), D(2025, 1, 10), measures="补开集体学法")
    store.rectify("R0004-01", "review", by="王五", date=D(2025, 1, 5), comment="已补开两次")
    store.rectify("R0004-01", "closed", by="赵六", date=D(2025, 1, 8), comment="同意销号")
    # R0001-01: closed on 2025-02-20, before its due date 2025-02-28.
    _work(store, "R0001-01", D(2025, 2, 2), D(2025, 2, 28))
    store.rectify("R0001-01", "review", by="王五", date=D(2025, 2, 18), comment="记录已补齐")
    store.rectify("R0001-01", "closed", by="赵六", date=D(2025, 2, 20), comment="同意销号")
    # R0001-02: due 2025-02-10 and still 整改中: overdue from 2025-02-11.
    _work(store, "R0001-02", D(2025, 2, 2), D(2025, 2, 10))
    # R0002-01: due 2025-02-15, extended on 2025-02-14 to 2025-03-15 (延期).
    _work(store, "R0002-01", D(2025, 2, 2), D(2025, 2, 15))
    store.rectify("R0002-01", "rectifying", by="王五", date=D(2025, 2, 14), due=D(2025, 3, 15),
                  comment="需上级批复,延期")
    # R0002-02: raised by hand on 2025-02-20 (does not exist before that date).
    store.raise_item(b, problem="=法律顾问未列席党委会", by="王五", date=D(2025, 2, 20))
    # R0001-03 stays 待通报.
    return data, lists


def run(capsys: pytest.CaptureFixture[str], data: Path, lists: Path, *args: str) -> tuple[int, str, str]:
    """The command line in-process on the built folders: (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([*args, "--data", str(data), "--checklists", str(lists)])
    out, err = capsys.readouterr()
    return code, out, err
