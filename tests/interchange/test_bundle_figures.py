"""figures.jsonl and items.jsonl of a town bundle: the county summary replays the loop from the
items' reduced history ("l") with the very figures the full items give, never parses the full
history, and a part that cannot be used is taken from the round file (issue #15)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from countyfixtures import AS_OF, build_county, rewrite_zip
from storefixtures import run_main

from checklist_tui.domain.metrics import loop_counts
from checklist_tui.storage.index_parts import loop_part, loop_rects
from checklist_tui.storage.store import Store


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    return build_county(tmp_path_factory)


def summary_json(capsys: pytest.CaptureFixture[str], *paths: Path) -> tuple[int, dict, str]:
    code, out, err = run_main(capsys, "county", "summary", *map(str, paths), "--as-of", AS_OF,
                              "--format", "json")
    return code, json.loads(out) if out.strip() else {}, err


def test_the_reduced_items_count_as_the_full_ones_on_every_date(county) -> None:
    folders, _ = county
    rounds = Store(folders[0]).load_all().rounds
    full = [rect for r in rounds for rect in r.rectifications]
    reduced = [rect for r in rounds for rect in loop_rects(json.loads(json.dumps(
        loop_part(r.rectifications))), r.id)]
    assert len(full) == len(reduced) > 20
    assert sum(len(r.history) for r in full) > 3 * len(full)
    inspected = [r.inspected() for r in rounds]
    days = sorted({t.date for rect in full for t in rect.history})
    for day in [days[0] - dt.timedelta(days=1), *days[:: max(1, len(days) // 40)], days[-1]]:
        assert loop_counts(reduced, inspected, day) == loop_counts(full, inspected, day), day


def test_county_summary_never_parses_the_items_full_history(
        capsys: pytest.CaptureFixture[str], county, monkeypatch: pytest.MonkeyPatch) -> None:
    folders, bundles = county
    _, expected, _ = summary_json(capsys, *folders)
    from checklist_tui.storage import index_parts

    def refuse(data: object, round_id: str) -> None:
        raise AssertionError("the full history was parsed")

    monkeypatch.setitem(index_parts.CONVERT, "r", refuse)
    code, shown, err = summary_json(capsys, *bundles)
    assert code == 0, err
    assert shown == expected


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_part_of_the_wrong_shape_is_taken_from_the_round_file(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    folders, bundles = county
    lines = members(bundles[0])["figures.jsonl"].splitlines()
    spoilt = []
    for line in lines:  # every round's "l" and "s" lines say something that is not their shape
        round_id, digest, kind, _ = json.loads(line)
        spoilt.append(json.dumps([round_id, digest, kind, {"x": 1}]).encode() if kind in "ls" else line)
    changed = tmp_path / "麻埠镇.zip"
    rewrite_zip(bundles[0], changed, {"figures.jsonl": b"\n".join(spoilt) + b"\n"}, manifest_too=True)
    _, expected, _ = summary_json(capsys, folders[0])
    code, shown, err = summary_json(capsys, changed)
    assert code == 0, err
    assert shown == expected


@pytest.mark.parametrize("view", ["summary", "ledger"])
def test_a_tampered_figures_file_is_named_and_the_round_files_tell_the_rest(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path, view: str) -> None:
    folders, bundles = county
    name = "figures.jsonl" if view == "summary" else "items.jsonl"
    data = members(bundles[0])[name]
    changed = tmp_path / "麻埠镇.zip"
    rewrite_zip(bundles[0], changed, {name: data.replace(b'"closed"', b'"review"', 1)})
    args = ("--as-of", AS_OF, "--format", "json")
    expected = run_main(capsys, "county", view, str(folders[0]), *args)[1]
    code, out, err = run_main(capsys, "county", view, str(changed), *args)
    assert code == 1 and name in err and "sha256" in err
    assert out == expected


def test_a_byte_changed_in_a_stored_round_file_is_named(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    # round files are stored uncompressed and cut from the bundle's bytes: a byte changed in place,
    # the zip otherwise intact, is still found by its sha256
    _, bundles = county
    blob = bytearray(bundles[1].read_bytes())
    with zipfile.ZipFile(bundles[1]) as archive:
        info = archive.getinfo("rounds/R0004.json")
        assert info.compress_type == zipfile.ZIP_STORED
        original = archive.read(info)
    start = blob.index(original)
    at = start + original.index(b'"pass"')
    blob[at + 1:at + 5] = b"fail"
    changed = tmp_path / "梅山镇.zip"
    changed.write_bytes(bytes(blob))
    assert hashlib.sha256(bytes(blob[start:start + len(original)])).hexdigest() != \
        hashlib.sha256(original).hexdigest()
    code, out, err = run_main(capsys, "county", "rounds", str(changed), "--format", "json")
    assert code == 1 and "rounds/R0004.json" in err and "sha256" in err
    ids = [row["id"] for row in json.loads(out)]
    assert "R0004" not in ids and "R0005" in ids
