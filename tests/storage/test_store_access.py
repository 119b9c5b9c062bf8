"""What the screens ask the store instead of looking at its files: may this round be written."""

from __future__ import annotations

import os

import pytest

from checklist_tui.storage.store import Store


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
