"""Hand a finished export (summary, ledger, draft, answer sheets) to the person at the screen.

In a browser (`checklist-tui serve`) the file becomes a download through Textual's
`deliver_binary`; in a terminal it is written, atomically and never over an existing file, into
the folder the caller names. The export dialog (a later issue) calls `deliver` with the bytes.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Protocol

from checklist_tui.storage.files import write_bytes
from checklist_tui.storage.os_errors import write_error


class Deliverer(Protocol):
    """What `deliver` needs of the app: Textual's `App` has both."""

    @property
    def is_web(self) -> bool: ...

    def deliver_binary(self, path_or_file: io.BytesIO, *, save_filename: str | None = ...,
                       mime_type: str | None = ...) -> str | None: ...


def deliver(app: Deliverer, filename: str, data: bytes, *, folder: Path,
            mime_type: str | None = None) -> Path | None:
    """A download in the browser (returns None), else a new file in `folder` (returns its path).

    `filename` is a bare name such as 整改台账-2025Q1.csv; text must arrive encoded (CSV with its BOM).
    Raises DataError (naming the file) when the folder cannot be written.
    """
    name = Path(filename).name
    if app.is_web:
        app.deliver_binary(io.BytesIO(data), save_filename=name, mime_type=mime_type)
        return None
    return write_new_file(folder / name, data)


def free_name(path: Path) -> Path:
    """`path`, or `stem(2).suffix`, `stem(3).suffix` … : the first that does not exist yet."""
    candidate, number = path, 2
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}({number}){path.suffix}")
        number += 1
    return candidate


def write_new_file(path: Path, data: bytes) -> Path:
    """Write `data` to a free name beside `path` so that the file appears whole or not at all."""
    target = free_name(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise write_error(target, error) from None
    write_bytes(target, data)
    return target
