"""Three demo towns, each a data folder and a bundle of it, for the county tests (built once)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest

from checklist_tui.catalogue.library import checklist_dirs, load_library
from checklist_tui.interchange.bundle import write_bundle
from checklist_tui.interchange.demo import make_towns

DAY = dt.date(2026, 2, 20)
AS_OF = "2026-02-20"
TOWNS = ("麻埠镇", "梅山镇", "青山镇")


def build_county(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """(town folders, their bundles in a folder of their own); a test module's fixture calls it."""
    root = tmp_path_factory.mktemp("county")
    folders = make_towns(root / "towns", load_library(checklist_dirs(None)), 45, 3, DAY)
    (root / "bundles").mkdir()
    bundles = []
    for folder in folders:
        bundle = root / "bundles" / f"{folder.name}.zip"
        write_bundle(folder, bundle, dt.datetime(2026, 2, 20, 9, 0, tzinfo=dt.UTC))
        bundles.append(bundle)
    return folders, bundles


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every entry under a folder (lock files and folders too) → its bytes (None for a folder)."""
    return {str(p.relative_to(folder)): None if p.is_dir() else p.read_bytes()
            for p in sorted(folder.rglob("*"))}


def rewrite_zip(bundle: Path, target: Path, change: dict[str, bytes | None],
                manifest_too: bool = False) -> None:
    """A copy of `bundle` with some members replaced (None drops one); `manifest_too` also puts the
    changed members' sha256 into the manifest (a bundle consistent with itself)."""
    import hashlib

    with zipfile.ZipFile(bundle) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    for name, data in change.items():
        if data is None:
            members.pop(name, None)
        else:
            members[name] = data
    if manifest_too:
        manifest = json.loads(members["manifest.json"])
        for entry in manifest["files"]:
            if entry["path"] in change and change[entry["path"]] is not None:
                entry["sha256"] = hashlib.sha256(members[entry["path"]]).hexdigest()
        members["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for name, data in members.items():
            out.writestr(name, data)
    target.write_bytes(buffer.getvalue())
