"""The person-name rule of the forms' people fields (经办人, 责任人, 责任领导, 复核人, 检查人)."""

from checklist_tui.domain.people import is_person_name, person_name_problem


def test_names_pass() -> None:
    for name in ("王晓丽", "欧阳明", "阿依古丽·买买提", "Li Ming", "  王五 "):
        assert person_name_problem(name) is None, name
        assert is_person_name(name)


def test_notes_are_not_names() -> None:
    notes = ("已通知，明日报送", "11月30日前完成", "王五、李四", "请核实(见附件)", "a" * 21, "王五\n李四")
    for note in notes:
        assert person_name_problem(note, "复核人") == "复核人请只填写人员姓名（如王晓丽），不要写说明"
        assert not is_person_name(note)


def test_blank_is_left_to_the_loop() -> None:
    assert person_name_problem("  ") is None  # required or not: the loop says it on saving
    assert not is_person_name("")
