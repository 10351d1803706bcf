"""Queries from the network run in worker processes that can be killed: the server's time limit.

rdflib evaluates SPARQL in pure Python and offers no way to cancel a query, and a thread cannot be
stopped from outside. So each worker is a separate process (started with "spawn": nothing is
inherited from the server's threads) that loads the dataset once and then answers jobs one at a time
over a pipe. The server sends a job to an idle worker and waits at most `timeout` seconds for the
answer — evaluation and serialisation both count. If none comes, the worker is killed (SIGKILL), the
client gets "query exceeded the N s limit", and a fresh worker is started in the background while
the others go on serving. A worker also runs under a memory limit (RLIMIT_AS) and an audit hook that
refuses network connections, subprocesses and file writes, so that even a bug in the query engine
cannot reach outside (SERVICE and FROM <url> are refused before evaluation anyway).

Each job is: parse (refusing updates and SERVICE), bind parameters, evaluate, choose the result
format by the client's `format` values and Accept header, and write at most `max_rows` rows. The
answer is ("ok", meta, body) or ("error", meta).
"""
from __future__ import annotations

import logging
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

log = logging.getLogger(__name__)


class PoolError(Exception):
    """The pool could not answer: `status` is the HTTP status to send."""

    status = 503
    kind = "unavailable"

    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


class QueryTimeout(PoolError):
    kind = "timeout"

    def __init__(self, seconds: float):
        self.seconds = seconds
        super().__init__(f"query exceeded the {seconds:g} s limit and was stopped")


class PoolBusy(PoolError):
    def __init__(self, seconds: float):
        super().__init__(f"all query workers stayed busy for {seconds:g} s; try again later")


class WorkerCrashed(PoolError):
    status = 500
    kind = "crashed"

    def __init__(self):
        super().__init__("the query worker stopped unexpectedly (out of memory?); it has been restarted")


# ---------------------------------------------------------------- the worker process

_BLOCKED_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr",
                   "urllib.Request", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn",
                   "os.spawn", "os.fork", "os.forkpty", "ctypes.dlopen", "shutil.rmtree", "os.remove",
                   "os.rename", "os.rmdir", "os.mkdir"}


def _guard(event: str, args) -> None:
    """An audit hook (PEP 578): the worker may read, compute and answer on its pipe, nothing else."""
    if event in _BLOCKED_EVENTS:
        raise PermissionError(f"{event} is not allowed in a query worker")
    if event == "open":
        mode, flags = (args[1], args[2]) if len(args) >= 3 else (None, 0)
        writes = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & writes):
            raise PermissionError("writing files is not allowed in a query worker")


def _limit_memory(megabytes: int | None) -> None:
    if not megabytes:
        return
    try:
        import resource
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError) as exc:  # pragma: no cover - not on every platform
        log.warning("cannot limit worker memory: %s", exc)


def _choose_format(form: str, format_values, accept: str | None):
    from .results import FORMATS, format_for, formats_for, negotiate

    known = [format_for(value, form) for value in format_values or ()]
    for chosen in known:
        if chosen is not None and chosen.name != "table":
            return chosen
    if known and not any(known):  # format=bogus: a 406, not the Accept header's format
        return None
    offers: list[tuple[str, str]] = [(f.media_type, f.name) for f in formats_for(form)]
    if form in ("SELECT", "ASK"):
        offers += [("application/json", "json"), ("application/xml", "xml"), ("text/xml", "xml")]
    else:
        offers += [("application/turtle", "turtle"), ("application/x-turtle", "turtle"), ("text/plain", "nt"),
                   ("application/xml", "rdfxml"), ("text/xml", "rdfxml"), ("application/json", "jsonld"),
                   ("application/x-json+ld", "jsonld"), ("text/rdf+n3", "turtle"), ("text/n3", "turtle")]
    media = negotiate(accept, [m for m, _ in offers])
    return FORMATS[dict(offers)[media]] if media else None


def execute(job: dict, dataset) -> tuple:
    """Run one job against the dataset (in the worker; also usable in-process)."""
    from . import parameters, queries, results

    started = time.perf_counter()
    warnings: list[str] = []
    try:
        text = job["query"]
        if job.get("params") is None:
            query = queries.prepare(text, base=job.get("base"))  # relative IRIs resolve against the dataset's base
            params = None
        else:
            query = queries.StoredQuery.from_text(text, job.get("name") or "query")
            try:  # ids, id: forms and labels of IRI parameters, as on the command line
                params, warnings = parameters.resolve_params(query, dataset, job["params"], queries.detect_base(dataset))
            except LookupError as exc:
                return ("error", {"kind": "parameter", "message": str(exc)})
        form = queries.query_form(query if params is None else query.prepared)
        chosen = _choose_format(form, job.get("formats"), job.get("accept"))
        if chosen is None:
            names = ", ".join(f.media_type for f in results.formats_for(form))
            return ("error", {"kind": "not-acceptable",
                              "message": f"none of the accepted media types can carry a {form} result; "
                                         f"available: {names}"})
        result = queries.run(query, dataset, params, default_graphs=job.get("default_graphs") or (),
                             named_graphs=job.get("named_graphs") or (), text=text, base=job.get("base"))
        body = results.serialize(result, chosen, max_rows=job.get("max_rows"),
                                 prefixes=queries.display_prefixes(dataset) if form in ("CONSTRUCT", "DESCRIBE") else None)
        meta = {"content_type": chosen.content_type, "format": chosen.name, "form": form,
                "seconds": round(time.perf_counter() - started, 3)}
        if warnings:
            meta["warnings"] = warnings
        return ("ok", meta, body)
    except queries.ParameterError as exc:
        return ("error", {"kind": "parameter", "message": str(exc), "param": exc.name})
    except queries.QueryError as exc:
        return ("error", {"kind": exc.kind, "message": str(exc), "line": exc.line, "column": exc.column})
    except results.ResultTooLarge as exc:
        return ("error", {"kind": "too-large", "message": str(exc), "limit": exc.limit})
    except results.FormatError as exc:
        return ("error", {"kind": "not-acceptable", "message": str(exc)})
    except MemoryError:
        return ("error", {"kind": "memory", "message": "the query ran out of memory", "retire": True})
    except RecursionError:
        return ("error", {"kind": "runtime", "message": "the query is nested too deeply to evaluate"})
    except Exception as exc:  # noqa: BLE001 - report, keep serving (short: no engine internals)
        error = queries.engine_error(exc)
        return ("error", {"kind": error.kind, "message": str(error)})


def _warm_up(dataset) -> None:
    """Import every serializer before the audit hook is installed, and make the first query fast."""
    for text, formats in [("SELECT * WHERE { ?s ?p ?o } LIMIT 1", ["json", "xml", "csv", "tsv"]),
                          ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", ["turtle", "nt", "jsonld", "rdfxml"]),
                          ("ASK { ?s ?p ?o }", ["json"])]:
        for fmt in formats:
            execute({"query": text, "formats": [fmt], "max_rows": 10}, dataset)


def worker_main(conn, build_dir: str, inferred: bool, memory_mb: int | None,
                in_memory: bool = False) -> None:  # pragma: no cover - child
    """The worker process: load the dataset (`in_memory`: a copy of it in memory), report ready, then answer
    jobs until the pipe closes."""
    import rdflib.plugins.sparql

    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # FROM <iri> never fetches anything
    rdflib.plugins.sparql.SPARQL_DEFAULT_GRAPH_UNION = True
    from . import queries

    _limit_memory(memory_mb)
    try:
        dataset = queries.load_graph(build_dir, inferred=inferred, in_memory=in_memory)
        _warm_up(dataset)
    except BaseException as exc:  # noqa: BLE001
        conn.send(("failed", str(exc)))
        return
    sys.addaudithook(_guard)
    conn.send(("ready", {"pid": os.getpid()}))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        reply = execute(job, dataset)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return
        if reply[0] == "error" and reply[1].get("retire"):
            return


# ---------------------------------------------------------------- the pool (in the server)

class _Worker:
    def __init__(self, process: subprocess.Popen, conn: Connection):
        self.process, self.conn = process, conn

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):  # pragma: no cover
            pass
        try:
            self.conn.close()
        except OSError:  # pragma: no cover
            pass


class WorkerPool:
    """`workers` processes over the dataset of `build_dir`; `execute(job)` with a time limit.

    Workers are started as `python -m graph.workers` (not with multiprocessing's spawn, which would
    re-import the caller's __main__), connected by a socket pair. Thread-safe: the server calls
    `execute` from its thread pool.
    """

    def __init__(self, build_dir: Path | str, *, workers: int = 2, timeout: float = 10.0, inferred: bool = True,
                 memory_mb: int | None = 4096, startup_timeout: float = 600.0, in_memory: bool = False):
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.build_dir, self.size, self.timeout = str(Path(build_dir).resolve()), workers, float(timeout)
        self.inferred, self.memory_mb, self.startup_timeout = inferred, memory_mb, startup_timeout
        self.in_memory = in_memory
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0

    def __enter__(self) -> "WorkerPool":
        self.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def start(self) -> None:
        """Start every worker and wait until all have loaded the dataset (raises if one cannot)."""
        pending = [self._spawn() for _ in range(self.size)]
        for worker in pending:
            self._await_ready(worker, raise_errors=True)

    def _spawn(self) -> _Worker:
        parent, child = socket.socketpair()
        env = dict(os.environ)
        package_root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        args = [sys.executable, "-m", "graph.workers", str(child.fileno()), self.build_dir,
                "1" if self.inferred else "0", str(self.memory_mb or 0), "memory" if self.in_memory else "disk"]
        try:
            process = subprocess.Popen(args, pass_fds=[child.fileno()], env=env, stdin=subprocess.DEVNULL,
                                       close_fds=True)
        finally:
            child.close()
        worker = _Worker(process, Connection(parent.detach()))
        with self._lock:
            self._all.add(worker)
        return worker
    def _await_ready(self, worker: _Worker, raise_errors: bool = False) -> None:
        message = "did not start in time"
        try:
            if worker.conn.poll(self.startup_timeout):
                status, detail = worker.conn.recv()
                if status == "ready":
                    self._idle.put(worker)
                    return
                message = detail
        except (EOFError, OSError) as exc:
            message = f"exited while starting ({exc.__class__.__name__})"
        self._discard(worker)
        if raise_errors:
            self.close()
            raise RuntimeError(f"query worker: {message}")
        if not self._closed:
            log.error("query worker: %s", message)

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def _replace(self, worker: _Worker) -> None:
        self._discard(worker)
        with self._lock:
            if self._closed:
                return
            self.restarts += 1
        fresh = self._spawn()
        threading.Thread(target=self._await_ready, args=(fresh,), daemon=True, name="policykg-worker-start").start()

    def execute(self, job: dict, timeout: float | None = None) -> tuple:
        """Send a job to an idle worker; its answer, or QueryTimeout / PoolBusy / WorkerCrashed."""
        limit = self.timeout if timeout is None else float(timeout)
        if self._closed:
            raise PoolBusy(0)
        try:
            worker = self._idle.get(timeout=max(limit, 1.0))
        except queue.Empty:
            raise PoolBusy(max(limit, 1.0)) from None
        return self.run_on(worker, job, limit)

    def idle(self) -> int:
        """How many workers are ready and waiting for a job now."""
        return self._idle.qsize()

    def try_acquire(self, keep_idle: int = 0) -> "_Worker | None":
        """An idle worker, without waiting, if more than `keep_idle` are idle (graph/admission.py's lanes)."""
        if self._closed or self._idle.qsize() <= keep_idle:
            return None
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return None

    def run_on(self, worker: "_Worker", job: dict, limit: float) -> tuple:
        """Run a job on a worker taken from the pool (`try_acquire`); the worker goes back, or is replaced."""
        try:
            worker.conn.send(job)
            if not worker.conn.poll(limit):
                self._replace(worker)
                raise QueryTimeout(limit)
            reply = worker.conn.recv()
        except (EOFError, OSError, ValueError):
            self._replace(worker)
            raise WorkerCrashed() from None
        if reply[0] == "error" and reply[1].get("retire"):
            self._replace(worker)
        else:
            self._idle.put(worker)
        return reply

    def alive(self) -> int:
        with self._lock:
            return sum(1 for w in self._all if w.process.poll() is None)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()


if __name__ == "__main__":  # pragma: no cover - the worker process: python -m graph.workers FD BUILD INFERRED MB STORE
    _fd, _build, _inferred, _memory, _store = sys.argv[1:6]
    worker_main(Connection(int(_fd)), _build, _inferred == "1", int(_memory) or None, _store == "memory")
