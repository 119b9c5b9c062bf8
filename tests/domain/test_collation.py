"""Names in the order people expect: the units register's order, then pinyin; people by pinyin."""

import subprocess
import sys

from checklist_tui.domain.collation import sort_people, sort_units

REGISTER = ("党政办", "司法所", "麻埠村", "桃岭村")


def test_units_follow_the_register_then_pinyin() -> None:
    # 桃 (U+6843) sorts before 麻 (U+9EBB) by code point; the register puts 麻埠村 first
    assert sort_units(["桃岭村", "麻埠村", "司法所"], REGISTER) == ["司法所", "麻埠村", "桃岭村"]
    # units outside the register after it, by pinyin: 大湾村 (da) before 龙门村 (long) before 银山村 (yin)
    shuffled = ["银山村", "龙门村", "党政办", "大湾村"]
    assert sort_units(shuffled, REGISTER) == ["党政办", "大湾村", "龙门村", "银山村"]


def test_without_a_register_units_go_by_pinyin() -> None:
    assert sort_units(["桃岭村", "麻埠村", "便民服务中心"]) == ["便民服务中心", "麻埠村", "桃岭村"]


def test_people_by_pinyin_each_once() -> None:
    # code point: 孙 5B59 < 张 5F20 < 王 738B < 钱 94B1 < 陈 9648
    names = ["孙八", "钱七", "王五", "张三", "陈明", "王五"]
    assert sort_people(names) == ["陈明", "钱七", "孙八", "王五", "张三"]


def test_the_pinyin_dictionary_loads_only_when_needed() -> None:
    code = ("import sys; from checklist_tui.domain.collation import sort_units;"
            "sort_units(['司法所', '党政办'], ('党政办', '司法所'));"
            "print('pypinyin' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
