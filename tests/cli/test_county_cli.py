"""`county summary|ledger|rounds`: several towns read-only, merged with their town; damaged and
tampered bundles named, the others shown (issue #15)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from countyfixtures import AS_OF, TOWNS, build_county, rewrite_zip, tree
from storefixtures import run_main


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    return build_county(tmp_path_factory)


def county_json(capsys: pytest.CaptureFixture[str], view: str, *paths: Path) -> tuple[int, dict | list, str]:
    code, out, err = run_main(capsys, "county", view, *map(str, paths), "--as-of", AS_OF, "--format", "json")
    return code, json.loads(out) if out.strip() else {}, err


def test_county_over_a_bundle_is_county_over_its_folder(capsys: pytest.CaptureFixture[str], county) -> None:
    folders, bundles = county
    for view in ("summary", "ledger", "rounds"):
        over_zips = county_json(capsys, view, *bundles)
        over_folders = county_json(capsys, view, *folders)
        assert over_zips[0] == over_folders[0] == 0, over_zips[2]
        assert over_zips[1] == over_folders[1]


def test_every_row_carries_its_town_and_rounds_are_keyed_by_town(
        capsys: pytest.CaptureFixture[str], county) -> None:
    _, bundles = county
    _, summary, _ = county_json(capsys, "summary", *bundles)
    assert [t["town"] for t in summary["towns"]] == list(TOWNS)
    rows = [row for matrix in summary["checklists"] for row in matrix["rows"]]
    assert rows and all(row["town"] in TOWNS for row in rows)
    assert all(m["version"] for m in summary["checklists"])
    assert summary["loop"]["total"] == sum(t["loop"]["total"] for t in summary["towns"])
    assert summary["loop"]["overdue"] == sum(t["overdue"] for t in summary["towns"])

    _, ledger, _ = county_json(capsys, "ledger", *bundles)
    items = ledger["items"]
    assert items and all(item["town"] in TOWNS for item in items)
    keys = [(item["town"], item["id"]) for item in items]
    assert len(set(keys)) == len(keys)
    assert len({item["id"] for item in items}) < len(keys)  # the same R0001-01 in several towns

    _, rounds, _ = county_json(capsys, "rounds", *bundles)
    assert all(row["town"] in TOWNS for row in rounds)
    assert sorted((row["town"], row["id"]) for row in rounds if row["id"] == "R0001") == \
        sorted((town, "R0001") for town in TOWNS)
    assert len(rounds) == 45


@pytest.mark.parametrize("fmt", ["text", "csv", "md", "html"])
def test_every_format_names_the_towns(capsys: pytest.CaptureFixture[str], county, fmt: str) -> None:
    _, bundles = county
    for view in ("summary", "ledger", "rounds"):
        code, out, err = run_main(capsys, "county", view, *map(str, bundles), "--as-of", AS_OF,
                                  "--format", fmt)
        assert code == 0, err
        assert all(town in out for town in TOWNS), (view, fmt)
        if fmt == "csv":
            assert out.startswith("\ufeff乡镇,")


def test_a_tampered_file_is_named_and_the_rest_shown(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    _, bundles = county
    tampered = tmp_path / "梅山镇.zip"
    import zipfile
    with zipfile.ZipFile(bundles[1]) as archive:
        original = archive.read("rounds/R0003.json")
    rewrite_zip(bundles[1], tampered, {"rounds/R0003.json": original.replace(b'"pass"', b'"fail"', 1)})
    code, rounds, err = county_json(capsys, "rounds", bundles[0], tampered, bundles[2])
    assert code == 1
    assert "梅山镇.zip" in err and "rounds/R0003.json" in err and "sha256" in err
    shown = {(row["town"], row["id"]) for row in rounds}
    assert ("梅山镇", "R0003") not in shown
    assert ("梅山镇", "R0004") in shown and ("麻埠镇", "R0003") in shown and ("青山镇", "R0003") in shown


@pytest.mark.parametrize("kind", ["not a zip", "no manifest", "round does not parse", "file missing"])
def test_a_damaged_bundle_is_named_and_the_others_shown(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path, kind: str) -> None:
    _, bundles = county
    bad = tmp_path / "青山镇.zip"
    if kind == "not a zip":
        bad.write_bytes(bundles[2].read_bytes()[:300])
    elif kind == "no manifest":
        rewrite_zip(bundles[2], bad, {"manifest.json": None})
    elif kind == "round does not parse":  # consistent with its manifest, but not a round file
        rewrite_zip(bundles[2], bad, {"rounds/R0002.json": b'{"meta": 1}'}, manifest_too=True)
    else:
        rewrite_zip(bundles[2], bad, {"rounds/R0002.json": None})
    code, summary, err = county_json(capsys, "summary", bundles[0], bundles[1], bad)
    assert code == 1
    assert "青山镇.zip" in err and "Traceback" not in err
    assert {"麻埠镇", "梅山镇"} <= {t["town"] for t in summary["towns"]}
    if kind in ("round does not parse", "file missing"):
        assert "rounds/R0002.json" in err
        assert "青山镇" in {t["town"] for t in summary["towns"]}


def test_nothing_is_written_next_to_the_bundles_or_into_the_folders(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    folders, bundles = county
    root = bundles[0].parent.parent
    before = tree(root)
    for view in ("summary", "ledger", "rounds"):
        for fmt in ("text", "json", "csv", "md", "html"):
            paths = (str(bundles[0]), str(folders[1]), str(bundles[2]))
            code, _out, err = run_main(capsys, "county", view, *paths, "--as-of", AS_OF, "--format", fmt)
            assert code == 0, err
    assert tree(root) == before


def test_refused_paths(capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    folders, bundles = county
    code, _out, err = run_main(capsys, "county", "summary", str(bundles[0]), str(tmp_path / "无此文件.zip"))
    assert code == 2 and "无此文件.zip" in err
    code, _out, err = run_main(capsys, "county", "summary", str(bundles[0]), str(bundles[0]))
    assert code == 2 and "两次" in err
    code, _out, err = run_main(capsys, "county", "summary", str(bundles[0]), str(folders[0]))
    assert code == 2 and "麻埠镇" in err  # a town's bundle and its folder: the same town twice
    copy = tmp_path / "copy.zip"
    shutil.copy(bundles[1], copy)
    code, _out, err = run_main(capsys, "county", "ledger", str(bundles[1]), str(copy))
    assert code == 2 and "梅山镇" in err
    code, _out, err = run_main(capsys, "county", "rounds", str(folders[0]), "-o", str(folders[0] / "x.csv"))
    assert code == 2 and not (folders[0] / "x.csv").exists()


def test_figures_made_from_another_version_of_a_round_file_are_not_used(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    # R0003's file changed and its sha256 in the manifest with it, while figures.jsonl still holds
    # the figures of the old file: the round file wins
    import zipfile

    _, bundles = county
    with zipfile.ZipFile(bundles[0]) as archive:
        data = json.loads(archive.read("rounds/R0003.json"))
    for doc in data["answers"].values():
        doc["answer"], doc["value"] = "na", None
    changed = tmp_path / "麻埠镇.zip"
    rewrite_zip(bundles[0], changed, {"rounds/R0003.json": json.dumps(data, ensure_ascii=False).encode()},
                manifest_too=True)
    _, before, _ = county_json(capsys, "rounds", bundles[0])
    code, after, err = county_json(capsys, "rounds", changed)
    assert code == 0, err
    old = next(row for row in before if row["id"] == "R0003")
    new = next(row for row in after if row["id"] == "R0003")
    assert old["na"] < old["total"] and new["na"] == new["total"]
