"""Home reads its rows from the index: never a row its round file no longer says, and a folder that
cannot be written (no index, none can be made) still lists its rounds, writing nothing."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import TODAY
from tuihelpers import screen_text, settle

from checklist_tui.storage import index
from checklist_tui.storage.os_errors import write_error
from checklist_tui.storage.store import Store
from checklist_tui.tui.app import make_app

SIZE = (100, 32)


def home_row(text: str, round_id: str) -> str:
    return next(line for line in text.splitlines() if round_id in line)


async def test_home_shows_a_round_changed_behind_the_index_at_the_same_size_and_time(
        data_dir, checklist_dir, store: Store, round_id, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index, "RACY_NS", 0)  # the entry is trusted at once: only its stamp decides
    store.save_answer(round_id, "S1.01", answer="pass")
    assert store.listing()[0]["answered"] == 1
    path = store.round_path(round_id)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    with path.open("r+b") as handle:  # another program: same file, same size, same mtime
        handle.write(text.replace('"answer":"pass"', '"answer":null  ').encode("utf-8"))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = home_row(screen_text(pilot), round_id)
        assert "0/7" in row and "1/7" not in row


async def test_home_of_a_read_only_folder_without_an_index_lists_its_rounds(
        data_dir, checklist_dir, store: Store, round_id, monkeypatch: pytest.MonkeyPatch) -> None:
    store.index_path.unlink(missing_ok=True)

    @contextmanager
    def no_lock(path: Path):  # as in a folder where no lock file can be made
        raise write_error(path, PermissionError(13, "Permission denied", str(path)))
        yield
    monkeypatch.setattr(index, "locked", no_lock)
    app = make_app(data_dir=data_dir, checklist_dirs=[checklist_dir], today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        row = home_row(screen_text(pilot), round_id)
        assert "党政办" in row  # built in memory from the round file
    assert not store.index_path.exists()
