"""What the screens ask the store instead of looking at its files: may this round be written, and
does a catalog row still describe its round file."""

from __future__ import annotations

import os

import pytest

from checklist_tui.storage.store import Store


def test_a_catalog_row_is_current_until_another_program_writes_the_round(store: Store, round_id: str) -> None:
    row = next(r for r in store.catalog() if r["id"] == round_id)
    assert store.row_is_current(row)
    Store(store.data_dir).save_answer(round_id, "S1.03", answer="pass")  # a save leaves the catalog be
    assert not store.row_is_current(row)
    store.refresh_catalog([store.load_round(round_id)])  # what the home screen does with a stale row
    assert store.row_is_current(next(r for r in store.catalog() if r["id"] == round_id))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="file modes do not bind root")
def test_a_read_only_round_file_or_folder_cannot_be_written(store: Store, round_id: str) -> None:
    assert store.can_write(round_id)
    path = store.round_path(round_id)
    path.chmod(0o444)
    try:
        assert not store.can_write(round_id)
    finally:
        path.chmod(0o644)
    store.rounds_dir.chmod(0o555)
    try:
        assert not store.can_write(round_id) and not store.can_write("R0099")
    finally:
        store.rounds_dir.chmod(0o755)
