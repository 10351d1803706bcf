"""A real policykg server on 127.0.0.1 and a free port, in its own process, for end-to-end tests."""
from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).parent / "data" / "build-sample"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def live_server(build_dir: Path = SAMPLE, *, timeout: float = 1.0, max_results: int = 1000, workers: int = 2,
                startup: float = 90.0):
    """Yield the server's origin (http://127.0.0.1:PORT) while it runs; stop it afterwards."""
    port = free_port()
    code = ("from graph.server import ServerConfig, serve; "
            f"serve(ServerConfig(build_dir={str(build_dir)!r}, timeout={timeout!r}, max_results={max_results!r}, "
            f"workers={workers!r}), host='127.0.0.1', port={port}, log_level='warning')")
    process = subprocess.Popen([sys.executable, "-c", code], cwd=PROJECT_ROOT)
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode}")
            try:
                with urllib.request.urlopen(origin + "/sparql", timeout=2):
                    break
            except (urllib.error.URLError, ConnectionError, OSError):
                if time.monotonic() > deadline:
                    raise RuntimeError("the server did not start in time") from None
                time.sleep(0.2)
        yield origin
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def copy_build(target: Path, extra_trig: str = "") -> Path:
    """A copy of the sample build folder, with TriG text appended to its dataset."""
    shutil.copytree(SAMPLE, target)
    if extra_trig:
        with (target / "rdf" / "dataset.trig").open("a", encoding="utf-8") as out:
            out.write("\n" + extra_trig)
    return target
