"""A build killed at each step of the swap, and in the middle of a real build, leaves the old build.

The swap (graph/atomic.py) runs in a child process that stops at one of its steps and is sent SIGINT,
SIGTERM or SIGKILL there; the real build (`policykg build`) is killed after the progress line of a step.
Afterwards `out` holds the old build (or, killed after the single rename, the complete new one) and —
at once for SIGINT and SIGTERM, after the next build's clean-up for SIGKILL — nothing else is left.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from graph.atomic import remove_stale, staged_directory
from graph.paths import BUNDLED_SOURCES

ROOT = Path(__file__).resolve().parents[2]
GRANT_PLAN = BUNDLED_SOURCES / "004_9c6dcb8432dd657d.txt"
STEPS = ("writing", "staged", "versioned", "linked", "swapped")
SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGKILL)

CHILD = textwrap.dedent("""
    import signal, sys, time
    from pathlib import Path
    from graph.atomic import staged_directory
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started with SIGINT ignored
    target, stop = Path(sys.argv[1]), sys.argv[2]

    def step(name):
        if name == stop:
            print(name, flush=True)
            time.sleep(60)

    with staged_directory(target, step=step) as folder:
        (folder / "build.txt").write_text("new")
        step("writing")
""")


def siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def old_build(tmp_path: Path) -> Path:
    target = tmp_path / "out"
    with staged_directory(target) as folder:
        (folder / "build.txt").write_text("old")
    return target


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: signal.Signals(s).name)
@pytest.mark.parametrize("stop", STEPS)
def test_killed_at_each_step_of_the_swap(tmp_path, stop, signum):
    target = old_build(tmp_path)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(target), stop], cwd=ROOT,
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == stop
    os.kill(child.pid, signum)
    assert child.wait(timeout=30) != 0
    expected = "new" if stop == "swapped" else "old"  # after the one rename the new build is whole
    assert (target / "build.txt").read_text() == expected
    if signum == signal.SIGKILL:
        remove_stale(target)  # what the next build does first
    assert siblings(tmp_path) == sorted(["out", os.readlink(target)])
    assert os.readlink(target).startswith(".out.v-")


def test_an_earlier_releases_plain_folder_is_replaced_by_the_link_and_its_leftovers_removed(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "build.txt").write_text("old")
    (tmp_path / ".out.partial-999999-1").mkdir()  # a killed build's (pid 999999 is not running)
    with staged_directory(target) as folder:
        (folder / "build.txt").write_text("new")
    assert (target / "build.txt").read_text() == "new" and target.is_symlink()
    assert siblings(tmp_path) == sorted(["out", os.readlink(target)])


def test_out_lost_by_an_earlier_release_between_its_renames_is_put_back(tmp_path):
    old = tmp_path / ".out.old-999999"
    old.mkdir()
    (old / "build.txt").write_text("old")
    remove_stale(tmp_path / "out")
    assert (tmp_path / "out" / "build.txt").read_text() == "old"


@pytest.fixture(scope="module")
def first_build(tmp_path_factory) -> Path:
    """A folder holding a finished build in `out` (a link to its version), copied by each test."""
    folder = tmp_path_factory.mktemp("first-build")
    first = subprocess.run(_cli("build", str(GRANT_PLAN), "--out", str(folder / "out"), "--no-docs"), cwd=ROOT,
                           capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    return folder


def _cli(*args) -> list[str]:
    launcher = ("import signal; signal.signal(signal.SIGINT, signal.default_int_handler); "
                "from graph.cli import cli; cli()")
    return [sys.executable, "-c", launcher, *args]


@pytest.mark.parametrize("line, signum", [
    ("reading, mapping, inferring and validating the documents", signal.SIGTERM),
    ("loading the store", signal.SIGINT),
    ("writing records and reports", signal.SIGTERM),
    ("writing the exports", signal.SIGINT),
    ("drawing the network", signal.SIGTERM),
], ids=["documents-TERM", "store-INT", "records-TERM", "exports-INT", "network-TERM"])
def test_a_real_build_killed_mid_step_leaves_the_old_build_and_no_leftovers(first_build, tmp_path, line, signum):
    shutil.copytree(first_build, tmp_path, symlinks=True, dirs_exist_ok=True)
    out = tmp_path / "out"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "store" not in p.parts}
    child = subprocess.Popen(_cli("build", str(GRANT_PLAN), "--out", str(out), "--no-docs"), cwd=ROOT,
                             stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
                             env={**os.environ, "POLICYKG_CACHE": str(tmp_path / "cache")})  # no cache: a real read
    seen = []
    for message in child.stderr:
        seen.append(message.strip())
        if message.startswith(line):
            os.kill(child.pid, signum)
            break
    assert seen and seen[-1].startswith(line), seen
    assert child.wait(timeout=120) != 0
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file() and "store" not in p.parts}
    assert after == before
    assert [n for n in siblings(tmp_path) if n != "cache"] == sorted(["out", os.readlink(out)])


def test_a_link_of_the_users_is_followed_never_replaced_nor_its_target_removed(tmp_path):
    real = tmp_path / "data" / "build"
    real.mkdir(parents=True)
    (real / "build.txt").write_text("old")
    (tmp_path / "mine").symlink_to(real)
    with staged_directory(tmp_path / "mine") as folder:
        (folder / "build.txt").write_text("new")
    assert os.readlink(tmp_path / "mine") == str(real)  # the user's link is as it was
    assert (tmp_path / "mine" / "build.txt").read_text() == "new"  # through it: the new build
    assert real.is_symlink() and os.readlink(real).startswith(".build.v-")
