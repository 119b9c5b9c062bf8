"""Units are listed in the units register's order (the town's own, as in its documents), not by
code point, which put 桃岭村 (U+6843) before 麻埠村 (U+9EBB); units outside it follow by pinyin."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from checklist_tui.cli.main import main


def test_summary_matrix_and_unit_message_follow_the_register(
        capsys: pytest.CaptureFixture[str], store, mini, data_dir: Path, checklist_dir: Path) -> None:
    for unit in ("桃岭村", "麻埠村", "大湾村"):  # 大湾村 is not in the register
        rid = store.new_round(mini, unit, "2025", "张三", created=date(2025, 1, 6)).id
        store.save_answer(rid, "S1.01", answer="pass")
    folders = ["--data", str(data_dir), "--checklists", str(checklist_dir)]
    capsys.readouterr()
    assert main(["summary", "R0001", "R0002", "R0003", "--format", "text", *folders]) == 0
    out = capsys.readouterr().out
    matrix = out[out.index("各单位分项得分"):]
    rows = [line.split()[0] for line in matrix.splitlines() if line.split() and line.split()[0] in
            ("桃岭村", "麻埠村", "大湾村")]
    assert rows[:3] == ["麻埠村", "桃岭村", "大湾村"]
    assert main(["ledger", "--unit", "响洪甸村", *folders]) == 2
    assert "已有单位：麻埠村、桃岭村、大湾村" in capsys.readouterr().err


def test_trend_rows_and_notices_follow_the_register(
        capsys: pytest.CaptureFixture[str], store, mini, data_dir: Path, checklist_dir: Path) -> None:
    """桃岭村's rounds come first (R0001, R0002), yet 麻埠村 is first in the register: the trend rows
    of the summary and the 督办通知 list 麻埠村 first."""
    for unit in ("桃岭村", "麻埠村"):
        for period in ("2025-Q1", "2025-Q2"):
            rid = store.new_round(mini, unit, period, "张三", created=date(2025, 1, 6)).id
            store.save_answer(rid, "S1.01", answer="fail")
            store.save_answer(rid, "S1.02", answer="pass")
            [rect, *_] = store.submit(rid, date=date(2025, 3, 1), allow_unanswered=True)
            if period == "2025-Q1":
                store.rectify(rect.id, "notified", by="张三", date=date(2025, 3, 2))
                store.rectify(rect.id, "rectifying", by="张三", date=date(2025, 3, 3), owner=unit,
                              person="李四", measures="补齐", kind="限期整改", due=date(2025, 3, 10))
    folders = ["--data", str(data_dir), "--checklists", str(checklist_dir)]
    capsys.readouterr()
    assert main(["summary", "R0001", "R0002", "R0003", "R0004", "--format", "text", *folders]) == 0
    out = capsys.readouterr().out
    trend = out[out.index("得分趋势"):]
    units = [unit for row in trend.splitlines() for unit in ("桃岭村", "麻埠村") if unit in row]
    assert units[:2] == ["麻埠村", "桃岭村"]
    assert main(["notice", "--as-of", "2025-04-15", *folders]) == 0
    out = capsys.readouterr().out
    assert out.index("麻埠村：") < out.index("桃岭村：")
