"""Where the file lives: warn about network drives and cloud-sync folders.

SQLite's locking does not work reliably over network file systems, WAL "does not work over a
network filesystem", and sync tools copy a database while it is being written (or copy the
``.db`` without its ``-wal``) — calibre's FAQ: "if you put your calibre library in Google Drive,
you will suffer data loss". :func:`detect_location_problem` is pure (paths and a mount table in,
a message out) so it is unit-tested on sample paths; :func:`storage_warning` feeds it the real
mount table.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

# Folder names (compared case-insensitively, per path component) that sync tools own.
SYNC_FOLDERS: dict[str, str] = {
    "onedrive": "OneDrive",
    "dropbox": "Dropbox",
    "google drive": "Google Drive",
    "googledrive": "Google Drive",
    "my drive": "Google Drive",
    "icloud drive": "iCloud Drive",
    "iclouddrive": "iCloud Drive",
    "mobile documents": "iCloud Drive",
    "com~apple~clouddocs": "iCloud Drive",
    "box": "Box",
    "box sync": "Box",
    "nextcloud": "Nextcloud",
    "owncloud": "ownCloud",
    "pcloud drive": "pCloud",
    "mega": "MEGA",
    "sync": "Sync.com",
}
# Prefixes of folder names: "OneDrive - Contoso Ltd", macOS File Provider "GoogleDrive-me@x".
SYNC_PREFIXES: dict[str, str] = {
    "onedrive - ": "OneDrive",
    "onedrive-": "OneDrive",
    "dropbox (": "Dropbox",
    "dropbox-": "Dropbox",
    "googledrive-": "Google Drive",
    "box-": "Box",
}
NETWORK_FS = {
    "nfs", "nfs4", "cifs", "smb", "smbfs", "smb3", "ncpfs", "afs", "9p", "ceph", "glusterfs",
    "lustre", "gpfs", "beegfs", "davfs", "webdav", "fuse.sshfs", "sshfs", "fuse.rclone",
    "fuse.s3fs", "fuse.gcsfuse", "fuse.davfs2", "fuse.glusterfs", "fuse.cephfs", "afpfs",
    "fuse.afpfs", "webdavfs",
}

WHY = ("SQLite's file locking and write-ahead log do not work reliably there, and a sync tool "
       "may copy the file half-written. Keep the file on this computer's own disk and use "
       "Backup for copies.")


def sync_service(path: PurePath) -> str | None:
    """The cloud-sync service whose folder holds ``path``, or None."""
    parts = [p.lower() for p in path.parts[:-1]]
    for i, part in enumerate(parts):
        if part in SYNC_FOLDERS:
            # "Box", "Sync", "MEGA" are ordinary words: only at the top of a home folder.
            if part in ("box", "sync", "mega") and not _under_home(parts[:i]):
                continue
            return SYNC_FOLDERS[part]
        named = _known(part, exact=False)
        if named:
            return named
        if part == "cloudstorage" and i + 1 < len(parts):  # macOS ~/Library/CloudStorage/<Provider>
            provider = path.parts[i + 1]
            return _known(provider.lower()) or provider.split("-")[0] or "cloud storage"
    return None


def _known(part: str, *, exact: bool = True) -> str | None:
    if exact and part in SYNC_FOLDERS:
        return SYNC_FOLDERS[part]
    for prefix, name in SYNC_PREFIXES.items():
        if part.startswith(prefix):
            return name
    return None


def _under_home(parents: list[str]) -> bool:
    """``/home/<user>``, ``/Users/<user>``, ``C:\\Users\\<user>`` exactly."""
    if len(parents) == 3 and parents[1] in ("home", "users"):
        return True
    return len(parents) == 3 and parents[0].endswith(":\\") and parents[1] == "users"


def parse_mounts(text: str) -> list[tuple[str, str]]:
    """``/proc/mounts`` lines → (mount point, fs type); octal escapes (``\\040``) decoded."""
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        point = fields[1].encode("latin-1", "backslashreplace").decode("unicode_escape")
        mounts.append((point, fields[2].lower()))
    return mounts


def mount_fstype(path: PurePosixPath, mounts: list[tuple[str, str]]) -> str | None:
    """The file-system type of the longest mount point containing ``path``."""
    best: tuple[int, str] | None = None
    text = str(path)
    for point, fstype in mounts:
        inside = text == point or text.startswith(point.rstrip("/") + "/") or point == "/"
        if inside and (best is None or len(point) > best[0]):
            best = (len(point), fstype)
    return best[1] if best else None


def detect_location_problem(path: PurePath, *, mounts: list[tuple[str, str]] | None = None,
                            network_drive: bool = False) -> str | None:
    """A warning for a file on a network drive or in a sync folder; None when it is fine.

    ``path`` should be absolute. ``mounts`` is the parsed Linux mount table (None elsewhere);
    ``network_drive`` is what Windows says about the drive letter (mapped network drive).
    """
    if isinstance(path, PureWindowsPath) and (str(path).startswith("\\\\") or network_drive):
        return f"{path.name} is on a network drive. {WHY}"
    if str(path).startswith("//"):
        return f"{path.name} is on a network share. {WHY}"
    service = sync_service(path)
    if service:
        return f"{path.name} is in a {service} folder, which is synced to the cloud. {WHY}"
    if mounts is not None and isinstance(path, PurePosixPath):
        fstype = mount_fstype(path, mounts)
        if fstype and (fstype in NETWORK_FS or fstype.startswith(("nfs", "smb", "cifs"))):
            return f"{path.name} is on a network file system ({fstype}). {WHY}"
    return None


def _windows_network_drive(path: Path) -> bool:  # pragma: no cover - Windows only
    import ctypes

    drive = os.path.splitdrive(str(path))[0]
    if not drive:
        return False
    DRIVE_REMOTE = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE)  # type: ignore[attr-defined]


def storage_warning(path: Path) -> str | None:
    """:func:`detect_location_problem` for a real path on this machine (never raises)."""
    try:
        absolute = path.expanduser().resolve()
        if sys.platform == "win32":  # pragma: no cover
            return detect_location_problem(PureWindowsPath(absolute),
                                           network_drive=_windows_network_drive(absolute))
        mounts = None
        if sys.platform.startswith("linux"):
            try:
                mounts = parse_mounts(Path("/proc/mounts").read_text(encoding="utf-8", errors="replace"))
            except OSError:
                mounts = None
        return detect_location_problem(PurePosixPath(absolute), mounts=mounts)
    except Exception:
        return None
