"""Writing files so that nothing is ever half-written: temp file, fsync, rename.

A full disk or a lost terminal leaves the previous file intact; the error names the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from riskkit.errors import RiskkitError
from riskkit.i18n import pgettext


def write_atomic(path: Path, data: bytes | str) -> None:
    """Replace `path` with `data` in one step, or leave it as it was and raise RiskkitError."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path)
    refuse_special(path)
    directory = path.parent if str(path.parent) else Path()
    tmp_name = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp_name).replace(path)
        tmp_name = None
        _fsync_dir(directory)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            message = pgettext(
                "file error",
                "Could not write {file}: the disk is full. The previous version of the "
                "file is unchanged.",
            )
        else:
            message = pgettext(
                "file error",
                "Could not write {file}: {error}. The previous version of the file is unchanged.",
            )
        raise RiskkitError(message.format(file=path, error=exc.strerror or exc)) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                Path(tmp_name).unlink()


def refuse_special(path: Path) -> None:
    """RiskkitError when ``path`` is a symbolic link, a device, a FIFO, a socket or a folder.

    The atomic write renames a new file over the name: a symlink (to the real register, to
    a file elsewhere) or a device node would be replaced by a regular file, silently. riskkit
    writes only to a regular file or a new name."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return  # a new name (or an unreadable folder, which the write reports)
    if stat.S_ISREG(mode):
        return
    if stat.S_ISLNK(mode):
        message = pgettext(
            "file error", "{file} is a symbolic link; riskkit does not write through links or "
            "replace them. Give the path of the file itself.")
    elif stat.S_ISDIR(mode):
        message = pgettext("file error", "{file} is a folder, not a file.")
    else:
        message = pgettext(
            "file error", "{file} is a device or another special file, not a regular file; "
            "riskkit does not write to it. Give the path of a file.")
    raise RiskkitError(message.format(file=path))


def _mode_for(path: Path) -> int:
    """The permissions a plain open() would give: the replaced file's own, else the umask's.

    mkstemp makes its file readable by the owner alone, which would leave a PDF or an export
    that the CISO shares with colleagues unreadable to them."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


def _umask() -> int:
    """The process's umask, read without changing it where the kernel tells it.

    os.umask can only be read by setting it; for that instant a file another thread creates
    (the questionnaire cache is written in the background) would get mode 0666."""
    try:
        with Path("/proc/self/status").open(encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o077)  # the brief value errs on the private side
    os.umask(umask)
    return umask


def _fsync_dir(directory: Path) -> None:
    """Make the rename itself durable; not every filesystem allows opening a directory."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_text(path: Path) -> str:
    """A file's text, or a RiskkitError naming the file. Only a regular file is read: a FIFO
    would wait forever and /dev/zero fill the memory."""
    try:
        if not stat.S_ISREG(Path(path).stat().st_mode):
            raise RiskkitError(pgettext(
                "file error", "{file}: not a regular file").format(file=path))
        return Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RiskkitError(
            pgettext("file error", "{file}: file not found").format(file=path)
        ) from None
    except UnicodeDecodeError:
        raise RiskkitError(
            pgettext("file error", "{file}: not a UTF-8 text file").format(file=path)
        ) from None
    except OSError as exc:
        raise RiskkitError(
            pgettext("file error", "{file}: cannot read: {error}").format(
                file=path, error=exc.strerror
            )
        ) from None
