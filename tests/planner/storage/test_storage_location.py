"""A6: warnings for network drives and cloud-sync folders (pure detector on sample paths)."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from planner.storage.database import Database
from planner.storage.files.location import (
    detect_location_problem,
    mount_fstype,
    parse_mounts,
    storage_warning,
)

MOUNTS = parse_mounts("""\
sysfs /sys sysfs rw 0 0
/dev/nvme0n1p2 / ext4 rw,relatime 0 0
/dev/nvme0n1p3 /home ext4 rw 0 0
fileserver:/export/team /mnt/team nfs4 rw,vers=4.2 0 0
//nas/Shared\\040Docs /media/shared\\040docs cifs rw 0 0
ann@box:/srv /home/ann/remote fuse.sshfs rw 0 0
tmpfs /tmp tmpfs rw 0 0
""")


@pytest.mark.parametrize("path, service", [
    (PureWindowsPath(r"C:\Users\ann\OneDrive\Missions\mission.db"), "OneDrive"),
    (PureWindowsPath(r"C:\Users\ann\OneDrive - Department for Business\m.db"), "OneDrive"),
    (PureWindowsPath(r"C:\Users\ann\Dropbox\m.db"), "Dropbox"),
    (PureWindowsPath(r"G:\My Drive\planning\m.db"), "Google Drive"),
    (PureWindowsPath(r"C:\Users\ann\iCloudDrive\m.db"), "iCloud Drive"),
    (PurePosixPath("/Users/ann/Library/Mobile Documents/com~apple~CloudDocs/m.db"), "iCloud Drive"),
    (PurePosixPath("/Users/ann/Library/CloudStorage/GoogleDrive-ann@example.org/My Drive/m.db"), "Google Drive"),
    (PurePosixPath("/Users/ann/Library/CloudStorage/OneDrive-Contoso/m.db"), "OneDrive"),
    (PurePosixPath("/home/ann/Dropbox (Personal)/m.db"), "Dropbox"),
    (PurePosixPath("/home/ann/Box/m.db"), "Box"),
])
def test_sync_folders_are_named(path, service) -> None:
    message = detect_location_problem(path, mounts=None)
    assert message is not None and service in message and path.name in message


@pytest.mark.parametrize("path", [
    PurePosixPath("/home/ann/Documents/mission.db"),
    PurePosixPath("/home/ann/projects/box/m.db"),          # "box" deep down is just a word
    PureWindowsPath(r"C:\Users\ann\Documents\m.db"),
    PurePosixPath("/tmp/m.db"),
])
def test_ordinary_local_paths_are_fine(path) -> None:
    assert detect_location_problem(path, mounts=MOUNTS) is None


@pytest.mark.parametrize("path, fstype", [
    (PurePosixPath("/mnt/team/missions/m.db"), "nfs4"),
    (PurePosixPath("/media/shared docs/m.db"), "cifs"),
    (PurePosixPath("/home/ann/remote/m.db"), "fuse.sshfs"),
])
def test_network_mounts_are_detected(path, fstype) -> None:
    assert mount_fstype(path, MOUNTS) == fstype
    message = detect_location_problem(path, mounts=MOUNTS)
    assert message is not None and "network" in message and fstype in message


def test_windows_shares_and_mapped_drives() -> None:
    assert "network drive" in detect_location_problem(PureWindowsPath(r"\\server\team\m.db"))
    assert detect_location_problem(PureWindowsPath(r"Z:\m.db"), network_drive=True)
    assert detect_location_problem(PureWindowsPath(r"Z:\m.db"), network_drive=False) is None


def test_open_reports_the_warning(tmp_path: Path) -> None:
    folder = tmp_path / "Dropbox"
    assert storage_warning(tmp_path / "m.db") is None
    folder.mkdir()
    db = Database.open(folder / "m.db")
    try:
        assert db.report.location_warning and "Dropbox" in db.report.location_warning
    finally:
        db.close()
