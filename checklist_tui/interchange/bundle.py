"""Town bundles (乡镇数据包): one zip holding a data folder's round files, the checklists they froze,
the units register and a manifest, for the county office to read with `county` (issue #15).

    manifest.json                  {"format", "format_version", "town", "created", "app_version",
                                    "index_version", "figures_version", "rounds": [ids],
                                    "files": [{"path", "sha256", "size"}], "damaged"}
    units.toml                     the folder's register (else the bundled one): `town = "麻埠镇"`
    rounds/R0001.json …            each round file as it was, read under its lock (stored, not
                                   compressed: reading them back to check their sha256 stays fast)
    checklists/<id>@<version>-<hash>.json   each distinct frozen checklist copy the rounds hold
    figures.jsonl                  per round and part [id, sha256 of its file, part, value]: what the
                                   county's reports need, so they need not parse every round file
                                   (interchange/bundle_figures.py)

Reading (`open_source`) never writes: a bundle is read in memory, a data folder through its
index read without writing (storage.index.read_index). Every file listed in the manifest is checked
against its sha256; a file that differs, is missing, is not listed, or does not parse is named and
left out, the rest shown. A round's figures are taken from figures.jsonl only when they were made
from exactly that file (its sha256) by this version of the app; otherwise from the round file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import struct
import tomllib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checklist_tui import __version__
from checklist_tui.catalogue.units import FILE_NAME, bundled_units_path, load_units, parse_units
from checklist_tui.domain.checklist import ChecklistError
from checklist_tui.domain.ids import ROUND_ID, round_number
from checklist_tui.domain.round import Round
from checklist_tui.domain.round_figures import RoundLike
from checklist_tui.domain.units import UnitRegister
from checklist_tui.errors import BadInput, DamagedFile, DataError
from checklist_tui.interchange.bundle_figures import FIGURES_VERSION, FigureLines, figure_lines
from checklist_tui.storage.files import locked, os_reason, write_bytes
from checklist_tui.storage.index import VERSION as INDEX_VERSION
from checklist_tui.storage.index import read_index
from checklist_tui.storage.round_file import round_from_data
from checklist_tui.storage.store import Store

FIGURES = "figures.jsonl"
ITEMS = "items.jsonl"
FORMAT = "checklist-tui town bundle"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MAX_MEMBER = 64 * 2**20  # no round file comes near; a bigger member is refused, never inflated
MAX_MEMBERS = 50_000


class DamagedBundle(DataError):
    """A bundle, or one file in it, that cannot be read as written: named, never trusted."""

    def __init__(self, where: str, reason: str):
        self.where = where
        super().__init__(f"数据包已损坏或被改动：{where}（{reason}）")


@dataclass
class Town:
    """One town as the county reads it: its name, where it came from, its rounds (void ones left
    out) and what could not be read."""

    name: str
    source: Path
    register: UnitRegister
    rounds: list[RoundLike] = field(default_factory=list)
    damaged: list[DataError] = field(default_factory=list)


# --- writing ------------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _read_locked(path: Path, can_lock: bool) -> bytes:
    """A file's bytes under its lock (in a folder nobody can write, no lock is needed or possible)."""
    if not can_lock:
        return path.read_bytes()
    with locked(path):
        return path.read_bytes()


def _units_bytes(data_dir: Path) -> tuple[UnitRegister, bytes]:
    register, problems = load_units(data_dir)
    if problems:
        raise DataError(f"单位名录 {data_dir / FILE_NAME} 有误，未生成数据包："
                        + "；".join(str(p) for p in problems))
    own = data_dir / FILE_NAME
    path = own if own.is_file() else bundled_units_path()
    try:
        return register, path.read_bytes()
    except OSError as error:
        raise DataError(f"无法读取 {path}：{os_reason(error)}") from None


@dataclass
class Written:
    town: str
    rounds: int
    damaged: list[DataError]


def _frozen_name(data: dict[str, Any]) -> tuple[str, bytes]:
    raw = data["checklist"]["1"]["raw"]
    text = json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    head = raw.get("checklist", {}) if isinstance(raw.get("checklist"), dict) else {}
    name = f"{head.get('id', 'checklist')}@{head.get('version', '')}-{sha256(text)[:10]}"
    return f"checklists/{name}.json", text


def build_bundle(data_dir: Path, now: dt.datetime) -> tuple[bytes, Written]:
    """The bundle's bytes for a data folder: every readable round file (a damaged one is named in
    the result and in the manifest, and left out), the distinct checklists they froze, the units
    register and the manifest."""
    register, units = _units_bytes(data_dir)
    store = Store(data_dir)
    can_lock = os.access(store.rounds_dir, os.W_OK)
    members: dict[str, bytes] = {FILE_NAME: units}
    figures: list[bytes] = []
    items: list[bytes] = []
    ids: list[str] = []
    damaged: list[DataError] = []
    for round_id in store.round_ids():
        path = store.round_path(round_id)
        try:
            raw = _read_locked(path, can_lock)
            data = json.loads(raw.decode("utf-8"))
            frozen, text = _frozen_name(data)
            record = round_from_data(path, data)
        except FileNotFoundError:
            continue  # deleted since it was listed
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError, TypeError,
                AttributeError, KeyError):
            damaged.append(DamagedFile(path, "不是有效的批次文件"))
            continue
        except OSError as error:
            damaged.append(DamagedFile(path, os_reason(error)))
            continue
        except DataError as error:
            damaged.append(error)
            continue
        members[f"rounds/{round_id}.json"] = raw
        members.setdefault(frozen, text)
        ids.append(round_id)
        lines = figure_lines(record, sha256(raw))
        figures += lines[0]
        items += lines[1]
    members[FIGURES] = b"\n".join(figures) + b"\n"
    members[ITEMS] = b"\n".join(items) + b"\n"
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "town": register.town,
        "created": now.isoformat(timespec="seconds"), "app_version": __version__,
        "index_version": INDEX_VERSION, "figures_version": FIGURES_VERSION, "rounds": ids,
        "files": [{"path": name, "sha256": sha256(data), "size": len(data)}
                  for name, data in members.items()],
        "damaged": [{"file": str(getattr(e, "path", "")), "reason": str(e)} for e in damaged],
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        for name, data in members.items():
            stored = name.startswith("rounds/")
            archive.writestr(name, data, compress_type=zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
    return buffer.getvalue(), Written(register.town, len(ids), damaged)


def write_bundle(data_dir: Path, output: Path, now: dt.datetime | None = None) -> Written:
    payload, written = build_bundle(data_dir, now or dt.datetime.now().astimezone())
    write_bytes(output, payload)
    return written


# --- reading ------------------------------------------------------------------------------------


class Source:
    """A town to read: a bundle or a data folder; `town` is known before its rounds are read."""

    def __init__(self, path: Path):
        self.path = path
        self.town = ""

    def load(self, loop_only: bool = False) -> Town:
        """The town's rounds; with `loop_only` (the summary: it counts the loop's reduced items)
        a bundle's items.jsonl is left unread, so a round's full items come from its file."""
        raise NotImplementedError


class FolderSource(Source):
    """A data folder, read through the Store's reading functions only (nothing written)."""

    def __init__(self, path: Path):
        super().__init__(path)
        register, problems = load_units(path)
        if problems:
            raise DataError(f"单位名录 {path / FILE_NAME} 有误：" + "；".join(str(p) for p in problems))
        self.register = register
        self.town = register.town

    def load(self, loop_only: bool = False) -> Town:
        result = read_index(self.path, write=False)
        rounds: list[RoundLike] = [r for r in result.rounds if not r.is_void]
        return Town(self.town, self.path, self.register, rounds, list(result.damaged))


class BundleSource(Source):
    """A bundle, read in memory: the manifest first (for the town's name), the rest on `load`."""

    def __init__(self, path: Path):
        super().__init__(path)
        try:
            self.archive = zipfile.ZipFile(path)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            raise DamagedBundle(str(path), "不是有效的 zip 文件") from None
        except OSError as error:
            raise DamagedBundle(str(path), os_reason(error)) from None
        if len(infos) > MAX_MEMBERS:
            raise DamagedBundle(str(path), f"文件数超过 {MAX_MEMBERS}")
        self.infos = {info.filename: info for info in infos}
        self.blob: bytes | None = None  # the whole file while `load` reads it (stored members sliced)
        self.manifest = self._manifest()
        self.town = self.manifest["town"]
        self.files = {entry["path"]: entry for entry in self.manifest["files"]}

    def _member(self, name: str) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise DamagedBundle(f"{self.path}：{name}", "清单中列出，但数据包中没有这个文件")
        if info.file_size > MAX_MEMBER:
            raise DamagedBundle(f"{self.path}：{name}", "文件过大")
        stored = self._stored(info)
        if stored is not None:
            return stored
        try:
            return self.archive.read(info)
        except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError, OSError) as error:
            raise DamagedBundle(f"{self.path}：{name}", f"无法解压：{error}") from None

    def _stored(self, info: zipfile.ZipInfo) -> bytes | None:
        """A stored (uncompressed) member's bytes cut from the file read whole, without zipfile's
        open, seek and CRC per member (its sha256 is checked against the manifest instead); None
        when it cannot be cut so (then zipfile reads it and says what is wrong)."""
        blob, start = self.blob, info.header_offset
        if blob is None or info.compress_type != zipfile.ZIP_STORED or info.flag_bits & 0x1:
            return None
        if blob[start:start + 4] != b"PK\x03\x04" or len(blob) < start + 30:
            return None
        name_length, extra_length = struct.unpack_from("<HH", blob, start + 26)
        begin = start + 30 + name_length + extra_length
        data = blob[begin:begin + info.compress_size]
        return data if len(data) == info.compress_size == info.file_size else None

    def _manifest(self) -> dict[str, Any]:
        if MANIFEST not in self.infos:
            raise DamagedBundle(str(self.path), f"缺少清单 {MANIFEST}，不是乡镇数据包")
        try:
            data = json.loads(self._member(MANIFEST).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
            raise DamagedBundle(f"{self.path}：{MANIFEST}", "不是有效的 JSON") from None
        if not _manifest_ok(data):
            raise DamagedBundle(f"{self.path}：{MANIFEST}", "内容不是预期的格式")
        if data["format_version"] > FORMAT_VERSION:
            raise DamagedBundle(str(self.path), f"数据包格式版本 {data['format_version']} 比本程序支持的 "
                                                f"{FORMAT_VERSION} 新，请升级 checklist-tui")
        return data

    def _checked(self, name: str) -> bytes:
        """A listed file's bytes, once they match the manifest's sha256."""
        data = self._member(name)
        if sha256(data) != self.files[name]["sha256"]:
            raise DamagedBundle(f"{self.path}：{name}", "sha256 与清单不符，文件被改动或已损坏")
        return data

    def load(self, loop_only: bool = False) -> Town:
        try:
            self.blob = self.path.read_bytes()
        except OSError:
            self.blob = None  # zipfile reads each member, and names what fails
        try:
            return self._load(loop_only)
        finally:
            self.blob = None

    def _load(self, loop_only: bool) -> Town:
        damaged: list[DataError] = []
        if FILE_NAME not in self.files:
            raise DamagedBundle(str(self.path), f"清单中没有单位名录 {FILE_NAME}")
        where = f"{self.path}：{FILE_NAME}"
        try:
            register = parse_units(tomllib.loads(self._checked(FILE_NAME).decode("utf-8")), where)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
            raise DamagedBundle(where, "不是有效的 TOML") from None
        except ChecklistError as error:
            raise DamagedBundle(where, "；".join(p.message for p in error.problems)) from None
        if register.town != self.town:
            raise DamagedBundle(str(self.path), f"清单的乡镇 {self.town} 与单位名录的 {register.town} 不一致")
        figures = self._figures(damaged, loop_only)
        rounds: list[RoundLike] = []
        for name in self._round_members(damaged):
            try:
                record = self._round(name, figures)
            except DataError as error:
                damaged.append(error)
                continue
            if not record.is_void:
                rounds.append(record)
        rounds.sort(key=lambda r: round_number(r.id))
        return Town(self.town, self.path, register, rounds, damaged)

    def _figures(self, damaged: list[DataError], loop_only: bool) -> FigureLines | None:
        """The lines of figures.jsonl, and of items.jsonl unless `loop_only` (bundle_figures); none
        when the bundle has none or another version of the app (or of their layout) made them."""
        if (FIGURES not in self.files or self.manifest.get("app_version") != __version__
                or self.manifest.get("index_version") != INDEX_VERSION
                or self.manifest.get("figures_version") != FIGURES_VERSION):
            return None
        try:
            files = [self._checked(FIGURES)]
            if not loop_only and ITEMS in self.files:
                files.append(self._checked(ITEMS))
        except DataError as error:  # the round files still tell everything
            damaged.append(error)
            return None
        return FigureLines(*files)

    def _round_members(self, damaged: list[DataError]) -> Iterator[str]:
        listed = [name for name in self.files if name.startswith("rounds/")]
        for name in sorted(set(self.infos) - set(self.files) - {MANIFEST}):
            if name.startswith("rounds/"):
                damaged.append(DamagedBundle(f"{self.path}：{name}", "不在清单中，未读取"))
        yield from listed

    def _round(self, name: str, figures: FigureLines | None) -> RoundLike:
        stem = name.removeprefix("rounds/").removesuffix(".json")
        if not ROUND_ID.match(stem) or name != f"rounds/{stem}.json":
            raise DamagedBundle(f"{self.path}：{name}", "不是批次文件的名称")
        data = self._checked(name)
        if figures is not None:  # made from exactly this file: its sha256, checked just now
            made = figures.figures(stem, self.files[name]["sha256"],
                                   lambda: self._parsed(name, self._checked(name)))
            if made is not None:
                return made
        return self._parsed(name, data)

    def _parsed(self, name: str, data: bytes) -> Round:
        where = self.path / name
        try:
            parsed = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError):
            raise DamagedBundle(f"{self.path}：{name}", "不是有效的 JSON") from None
        try:
            return round_from_data(where, parsed)
        except DamagedFile as error:
            raise DamagedBundle(f"{self.path}：{name}", error.reason) from None


def _manifest_ok(data: Any) -> bool:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return False
    version, town, files = data.get("format_version"), data.get("town"), data.get("files")
    if not isinstance(version, int) or not isinstance(town, str) or not town.strip():
        return False
    if not isinstance(files, list):
        return False
    return all(isinstance(f, dict) and isinstance(f.get("path"), str) and isinstance(f.get("sha256"), str)
               for f in files)


def open_source(path: Path) -> Source:
    """A bundle (a file) or a data folder (a folder); one that does not exist is bad input."""
    if path.is_dir():
        if not (path / "rounds").is_dir() and not (path / FILE_NAME).is_file():
            raise BadInput(f"{path} 不是数据文件夹（没有 rounds 文件夹），也不是数据包")
        return FolderSource(path)
    if path.is_file():
        return BundleSource(path)
    raise BadInput(f"找不到 {path}（应为乡镇数据包 .zip 或数据文件夹）")
