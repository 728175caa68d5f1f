"""Files are replaced in one step or not at all."""

from __future__ import annotations

import errno
import os

import pytest

from riskkit.errors import RiskkitError
from riskkit.fileio import read_text, write_atomic


def test_write_replaces_and_leaves_no_temp_file(tmp_path):
    target = tmp_path / "draft.yaml"
    write_atomic(target, "one")
    write_atomic(target, "two æøå")
    assert target.read_text(encoding="utf-8") == "two æøå"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]


def test_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "draft.yaml"
    target.write_text("every answer so far")

    def full(_fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(RiskkitError) as info:
        write_atomic(target, "new")
    assert "the disk is full" in str(info.value) and str(target) in str(info.value)
    assert target.read_text() == "every answer so far"
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]


def test_unwritable_folder_is_named(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(RiskkitError, match="Could not write"):
        write_atomic(blocker / "sub" / "out.pdf", b"%PDF")


def test_read_errors_name_the_file(tmp_path):
    with pytest.raises(RiskkitError, match="missing.yaml: file not found"):
        read_text(tmp_path / "missing.yaml")
    (tmp_path / "latin1.yaml").write_bytes("k: \xe6".encode("latin-1"))
    with pytest.raises(RiskkitError, match="not a UTF-8 text file"):
        read_text(tmp_path / "latin1.yaml")


def test_a_new_file_gets_the_umask_and_a_replaced_file_keeps_its_mode(tmp_path):
    previous = os.umask(0o027)
    try:
        new = tmp_path / "report.pdf"
        write_atomic(new, b"%PDF")
        assert new.stat().st_mode & 0o777 == 0o640
        kept = tmp_path / "draft.yaml"
        kept.write_text("x")
        kept.chmod(0o600)
        write_atomic(kept, "y")
        assert kept.stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(previous)


def test_reading_the_umask_never_loosens_it(tmp_path, monkeypatch):
    """A thread writing a file meanwhile must never see umask 0 (mode 0666)."""
    real_umask, seen = os.umask, []

    def spy(mask: int) -> int:
        seen.append(mask)
        return real_umask(mask)

    monkeypatch.setattr(os, "umask", spy)
    previous = real_umask(0o022)
    try:
        write_atomic(tmp_path / "new.pdf", b"%PDF")
        assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o644
        assert all(mask & 0o077 == 0o077 for mask in seen if mask != 0o022), seen
    finally:
        real_umask(previous)
