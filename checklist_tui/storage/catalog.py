"""The catalog (`DATA/catalog.json`): one row per round with its metadata and cached figures, so
the first screen paints without opening every round file.

The round files are the truth: a missing catalog is rebuilt from them, a damaged one is set aside
and rebuilt, and a round file the catalog does not list yet (written just before a crash, or
copied in) is listed too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, Protocol

from checklist_tui.domain.ids import ROUND_ID, round_number
from checklist_tui.domain.round import Round
from checklist_tui.errors import DamagedFile, DataError
from checklist_tui.storage.files import atomic_write, locked, read_json, set_aside
from checklist_tui.storage.round_file import LoadResult


class RoundFiles(Protocol):
    """What the catalog needs from the folder of round files."""

    def round_ids(self) -> list[str]: ...

    def load_all(self, round_ids: Iterable[str] | None = None) -> LoadResult: ...


class Catalog:
    """Rows by round id; every write happens under the catalog's own lock."""

    def __init__(self, path: Path, rounds: RoundFiles):
        self.path = path
        self.rounds = rounds

    def read(self) -> dict[str, Any]:
        """The catalog's rows by round id; a file of the wrong shape (valid JSON, but rows that
        are not rows) is damaged like a truncated one, so it is set aside and rebuilt."""
        rows = read_json(self.path).get("rounds", {})
        if not isinstance(rows, dict) or not all(_row_ok(key, row) for key, row in rows.items()):
            raise DamagedFile(self.path, "目录内容不是预期的格式")
        return dict(rows)

    def newest_first(self) -> list[dict[str, Any]]:
        """The catalog's rows, newest round first; rebuilt from the round files when missing."""
        try:
            rows = self.read()
        except FileNotFoundError:
            if not self.rounds.round_ids():
                return []
            self.rebuild()
            rows = self.read()
        except DamagedFile:
            self.rebuild(damaged=True)
            rows = self.read()
        orphans = self.uncatalogued(rows)
        if orphans:  # a round file written just before a crash, or copied in: list it too
            rows.update({r.id: r.catalog_row() for r in orphans})
            with suppress(DataError):
                self.refresh(orphans)
        return sorted(rows.values(), key=lambda row: round_number(row["id"]), reverse=True)

    def uncatalogued(self, rows: Mapping[str, Any]) -> list[Round]:
        """Readable round files that the catalog has no row for."""
        missing = [round_id for round_id in self.rounds.round_ids() if round_id not in rows]
        return self.rounds.load_all(missing).rounds if missing else []

    def rows_to_update(self) -> dict[str, Any]:
        """The rows to change and write back (call under the lock); a damaged catalog is set
        aside and the rows come from the round files."""
        try:
            return self.read()
        except FileNotFoundError:
            return {}
        except DamagedFile:
            set_aside(self.path)
            return self.rows_from_files()

    def rows_from_files(self) -> dict[str, Any]:
        return {r.id: r.catalog_row() for r in self.rounds.load_all().rounds}

    def write(self, rows: Mapping[str, Any]) -> None:
        atomic_write(self.path, {"rounds": dict(rows)})

    def rebuild(self, *, damaged: bool = False) -> None:
        """Write the catalog afresh from the round files; a `damaged` one is set aside, not lost."""
        with locked(self.path):
            if damaged and self.path.exists():
                set_aside(self.path)
            self.write(self.rows_from_files())

    def refresh(self, records: Iterable[Round]) -> None:
        """Update the cached figures of some rounds in the catalog (one write)."""
        records = list(records)
        if not records:
            return
        with locked(self.path):
            rows = self.rows_to_update()
            for record in records:
                rows[record.id] = record.catalog_row()
            self.write(rows)


def _count(value: Any) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9)


def _row_ok(key: Any, row: Any) -> bool:
    """A catalog row as Round.catalog_row() writes it (`"answered": "many"` crashed the home screen)."""
    if not (isinstance(row, dict) and ROUND_ID.match(str(key)) and row.get("id") == key):
        return False
    if not all(isinstance(row.get(name), str) for name in ("checklist", "unit", "period")):
        return False
    score = row.get("score")
    return (all(_count(row.get(name)) for name in ("answered", "total", "na", "open"))
            and (score is None or (isinstance(score, int | float) and not isinstance(score, bool)
                                   and math.isfinite(score)))
            and all(row.get(name) is None or isinstance(row[name], str)
                    for name in ("grade", "submitted", "title", "status")))
