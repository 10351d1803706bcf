"""Write a whole output folder at once: a build that fails or is killed leaves the old one in place.

`out` is a symbolic link to a versioned folder beside it (`.out.v-<time>-<pid>`). A build writes a
new version under a partial name (`.out.partial-<pid>-<time>`), renames it to its version name, makes a
new link beside `out` and renames the link over `out` — a single rename(2), so `out` names either the
old build or the new one at every instant. Only then is the old version removed.

Killed anywhere (SIGINT, SIGTERM — turned into SystemExit while a folder is staged, so the partial
folder is removed on the way out — or SIGKILL), the previous build stays under its name; what a SIGKILL
leaves behind (a partial folder, an unlinked version, a stray link) is removed by the next build
(`remove_stale`), which never touches the work of a build that is still running (its pid is alive).

An `out` left by an earlier policykg as a real folder is exchanged with the link in one
renameat2(RENAME_EXCHANGE) on Linux, else moved aside and replaced in two renames.

One file is written the same way in small (`write_atomic`): a temporary name beside it, then os.replace.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

_RENAME_EXCHANGE = 2  # linux/fs.h


def _names(target: Path) -> re.Pattern:
    """Siblings builds of `target` make: partial folders, versions, links, and earlier releases' old folders."""
    return re.compile(rf"^\.{re.escape(target.name)}\.(?:(?P<kind>partial|link)-(?P<pid>\d+)-\d+"
                      rf"|(?P<v>v)-\d+-(?P<vpid>\d+)|(?P<old>old)-(?P<opid>\d+))$")


def _owner(found: re.Match) -> int:
    return int(found.group("pid") or found.group("vpid") or found.group("opid"))


def _other_build_running(pid: int) -> bool:
    """Whether `pid` is another live process (this process stages one folder at a time: its own are stale)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def current_version(target: Path) -> Path | None:
    """The versioned folder `target` links to (None when it is a plain folder, absent, or a link of someone else's)."""
    target = Path(target)
    if not target.is_symlink():
        return None
    found = _names(target).match(os.readlink(target))  # a bare sibling name: never a path elsewhere
    return target.parent / found.group(0) if found and found.group("v") else None


def _own_target(target: Path) -> Path:
    """`target`, or the folder a link of the user's points to (a build replaces that, not the user's link)."""
    target = Path(target)
    if target.is_symlink() and current_version(target) is None:
        return Path(os.path.realpath(target))
    return target


def remove_stale(target: Path) -> list[Path]:
    """Remove what killed builds of `target` left (not the current version, nor a live build's work)."""
    target = _own_target(target)
    pattern, current, removed = _names(target), current_version(target), []
    if not target.exists() and not target.is_symlink():
        _recover_old(target, pattern)
    for path in sorted(target.parent.iterdir()) if target.parent.is_dir() else []:
        found = pattern.match(path.name)
        if not found or (current is not None and path.name == current.name):
            continue
        if _other_build_running(_owner(found)):
            continue  # a build running now
        _remove(path)
        removed.append(path)
    return removed


def _recover_old(target: Path, pattern: re.Pattern) -> None:
    """An earlier release killed between its two renames left `out` only as `.out.old-<pid>`: put it back."""
    olds = [p for p in target.parent.iterdir() if (m := pattern.match(p.name)) and m.group("old")]
    if olds:
        os.rename(max(olds, key=lambda p: p.stat().st_mtime), target)


def _remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


@contextmanager
def _sigterm_as_exit():
    """While a folder is staged, SIGTERM unwinds like SIGINT does, so the partial folder is removed."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def leave(signum, frame):
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def staged_directory(target: Path, *, step: Callable[[str], None] = lambda name: None):
    """Yield an empty staging folder beside `target`; on success `target` names it, in one rename.

    On an exception (KeyboardInterrupt and SIGTERM included) the staging folder is removed and
    `target` is left as it was. `step(name)` is called at each point of the swap ('staged', 'versioned',
    'linked', 'swapped', 'cleaned'), for progress reports and for tests that kill the process there.
    """
    target = _own_target(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    stamp = f"{time.time_ns()}"
    staging = target.with_name(f".{target.name}.partial-{os.getpid()}-{stamp}")
    version = target.with_name(f".{target.name}.v-{stamp}-{os.getpid()}")
    link = target.with_name(f".{target.name}.link-{os.getpid()}-{stamp}")
    with _sigterm_as_exit():
        staging.mkdir()
        try:
            yield staging
            step("staged")
            os.rename(staging, version)
            step("versioned")
            os.symlink(version.name, link)
            step("linked")
            previous = current_version(target)
            _swap(link, target)
        except BaseException:
            _remove(staging)
            if current_version(target) != version:
                _remove(version)
            _remove(link)
            raise
        try:  # the new build is in place: whatever happens now, the old one goes
            step("swapped")
        finally:
            if previous is not None and previous != version:
                _remove(previous)
            remove_stale(target)
        step("cleaned")


def _swap(link: Path, target: Path) -> None:
    """Put the new link at `target` in a single rename; an old real folder is exchanged with it."""
    if target.is_symlink() or not target.exists():
        os.replace(link, target)
        return
    if _exchange(link, target):  # `link` now names the old folder
        _remove(link)
        return
    aside = target.with_name(f".{target.name}.old-{os.getpid()}")
    os.rename(target, aside)
    os.replace(link, target)
    _remove(aside)


def write_atomic(path: Path, content: bytes) -> Path:
    """Write `content` to a temporary file beside `path`, then move it into place."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(content)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return path
