"""The test session's temporary files go to a tmpfs only when it is safe and has room."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from . import conftest
from .conftest import _tmpfs, _use_memory_for_temporary_files


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No TMPDIR nor opt-out; whatever the helper sets is undone after the test.

    Each variable is set before it is removed, so that monkeypatch restores it (or its
    absence) even when the helper sets it behind monkeypatch's back: a TMPDIR left over
    would move the next tests' files (Chromium's socket path then grows too long).
    """
    for name in ("TMPDIR", "AIKG_TEST_TMPFS"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setattr(tempfile, "tempdir", tempfile.tempdir)
    return monkeypatch


@pytest.fixture
def shm(tmp_path: Path, clean_env: pytest.MonkeyPatch) -> Path:
    """A folder the helper takes for a tmpfs mount point."""
    clean_env.setattr(conftest, "_tmpfs", lambda folder: folder == tmp_path)
    return tmp_path


def test_the_proc_mounts_table_is_read() -> None:
    mounts = Path("/proc/mounts")
    if not mounts.exists():
        pytest.skip("no /proc/mounts here")
    table = [line.split() for line in mounts.read_text().splitlines()]
    expected = {Path(f[1]) for f in table if f[2] == "tmpfs"}
    assert not _tmpfs(Path("/nonexistent-mount-point"))
    for folder in expected:
        assert _tmpfs(folder)
    others = {Path(f[1]) for f in table if f[2] != "tmpfs"} - expected
    for folder in others:
        assert not _tmpfs(folder)


def test_a_tmpfs_with_room_takes_the_temporary_files(
    shm: Path, clean_env: pytest.MonkeyPatch
) -> None:
    folder = _use_memory_for_temporary_files(shm)
    assert folder == shm / f"aikg-tests-{os.getuid()}"
    assert os.environ["TMPDIR"] == str(folder)
    assert tempfile.gettempdir() == str(folder)
    assert folder.stat().st_mode & 0o777 == 0o700
    # a second session finds the folder and uses it again
    clean_env.delenv("TMPDIR")
    assert _use_memory_for_temporary_files(shm) == folder


def test_an_open_folder_of_ours_is_closed_to_others(shm: Path) -> None:
    folder = shm / f"aikg-tests-{os.getuid()}"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    assert _use_memory_for_temporary_files(shm) == folder
    assert folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("kind", ["link", "file"])
def test_a_link_or_a_file_in_its_place_is_not_followed(shm: Path, kind: str) -> None:
    target = shm / "elsewhere"
    target.mkdir()
    place = shm / f"aikg-tests-{os.getuid()}"
    if kind == "link":
        place.symlink_to(target)
    else:
        place.write_text("not a folder")
    assert _use_memory_for_temporary_files(shm) is None
    assert "TMPDIR" not in os.environ
    assert not list(target.iterdir())


def test_the_default_is_kept_when_asked_or_set(shm: Path, clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("AIKG_TEST_TMPFS", "0")
    assert _use_memory_for_temporary_files(shm) is None
    clean_env.delenv("AIKG_TEST_TMPFS")
    clean_env.setenv("TMPDIR", "/var/tmp")
    assert _use_memory_for_temporary_files(shm) is None
    assert os.environ["TMPDIR"] == "/var/tmp"
    assert not list(shm.iterdir())


def test_a_full_tmpfs_or_another_file_system_is_left_alone(
    shm: Path, clean_env: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    free = os.statvfs(shm)
    clean_env.setattr(conftest, "TMPFS_FREE", free.f_bavail * free.f_frsize + 2**30)
    assert _use_memory_for_temporary_files(shm) is None
    clean_env.setattr(conftest, "TMPFS_FREE", 0)
    assert _use_memory_for_temporary_files(tmp_path_factory.mktemp("disk")) is None
    assert "TMPDIR" not in os.environ
