"""A town bundle holds the round files as they are, the checklists they froze, the units register
and a manifest whose sha256 match every file (issue #15)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from countyfixtures import build_county
from storefixtures import run_main

from checklist_tui import __version__
from checklist_tui.interchange.bundle import MANIFEST, DamagedBundle, open_source
from checklist_tui.storage.store import Store


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    return build_county(tmp_path_factory)


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_a_bundle_holds_every_round_file_as_it_is_and_a_manifest_of_their_hashes(county) -> None:
    folders, bundles = county
    folder, bundle = folders[1], bundles[1]
    files = members(bundle)
    manifest = json.loads(files[MANIFEST])
    assert manifest["town"] == "梅山镇"
    assert manifest["app_version"] == __version__
    assert manifest["created"].startswith("2026-02-20T09:00")
    ids = Store(folder).round_ids()
    assert manifest["rounds"] == ids and len(ids) == 15
    for round_id in ids:
        assert files[f"rounds/{round_id}.json"] == (folder / "rounds" / f"{round_id}.json").read_bytes()
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) == set(files) - {MANIFEST}
    for name, entry in listed.items():
        assert entry["sha256"] == hashlib.sha256(files[name]).hexdigest()
        assert entry["size"] == len(files[name])
    assert b'town = "\xe6\xa2\x85\xe5\xb1\xb1\xe9\x95\x87"' in files["units.toml"]  # town = "梅山镇"
    # every checklist a round froze is there, once
    frozen = {json.dumps(json.loads(files[f"rounds/{i}.json"])["checklist"]["1"]["raw"], sort_keys=True)
              for i in ids}
    kept = {json.dumps(json.loads(data), sort_keys=True) for name, data in files.items()
            if name.startswith("checklists/")}
    assert frozen == kept


def test_a_bundle_reads_back_as_its_folder(county) -> None:
    folders, bundles = county
    from_zip = open_source(bundles[0]).load()
    from_folder = open_source(folders[0]).load()
    assert from_zip.name == from_folder.name == "麻埠镇"
    assert not from_zip.damaged
    assert [(r.id, r.score.score, r.rectifications) for r in from_zip.rounds] == \
        [(r.id, r.score.score, r.rectifications) for r in from_folder.rounds]


def test_bundle_command_writes_the_zip_and_refuses_to_write_into_the_data_folder(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    folders, _ = county
    code, _out, err = run_main(capsys, "--data", str(folders[2]), "bundle", "-o", str(tmp_path / "青山.zip"))
    assert code == 0, err
    assert "青山镇" in err and "15" in err
    assert json.loads(members(tmp_path / "青山.zip")[MANIFEST])["town"] == "青山镇"
    code, _out, err = run_main(capsys, "--data", str(folders[2]), "bundle", "-o", str(folders[2] / "x.zip"))
    assert code == 2 and "数据文件夹" in err
    assert not (folders[2] / "x.zip").exists()


def test_a_damaged_round_file_is_named_and_left_out_of_the_bundle(
        capsys: pytest.CaptureFixture[str], county, tmp_path: Path) -> None:
    import shutil

    folders, _ = county
    folder = tmp_path / "town"
    shutil.copytree(folders[0], folder)
    (folder / "rounds" / "R0002.json").write_text("{broken", encoding="utf-8")
    code, _out, err = run_main(capsys, "--data", str(folder), "bundle", "-o", str(tmp_path / "b.zip"))
    assert code == 1
    assert "R0002.json" in err
    files = members(tmp_path / "b.zip")
    assert "rounds/R0002.json" not in files and "rounds/R0003.json" in files
    assert json.loads(files[MANIFEST])["damaged"][0]["file"].endswith("R0002.json")


def test_not_a_zip_and_no_manifest_are_damaged_bundles(tmp_path: Path, county) -> None:
    (tmp_path / "junk.zip").write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(DamagedBundle, match="zip"):
        open_source(tmp_path / "junk.zip")
    with zipfile.ZipFile(tmp_path / "bare.zip", "w") as archive:
        archive.writestr("rounds/R0001.json", "{}")
    with pytest.raises(DamagedBundle, match=r"manifest\.json"):
        open_source(tmp_path / "bare.zip")
