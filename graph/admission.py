"""Who gets a query worker, and for how long: runaway queries cannot starve the others.

Every query of `/sparql` and `/queries` passes through `Admission.run`:

- **Per-client limit.** A client may have `per_client` queries running or waiting; one more is a
  429 with Retry-After at once. A client is the remote address; on the loopback interface, where a
  local proxy or tool makes every client 127.0.0.1, it is the connection (address and port).
- **Two lanes.** A query is *light* when its text asks for a bounded answer without aggregates,
  sorting, DISTINCT, `*`/`+` paths or a join of two all-variable patterns (`estimate`), *heavy*
  otherwise; the catalogue's own queries (`/queries/NAME`) are light. A heavy query never takes the last `reserve` idle workers, so a light query finds a
  worker at once even while heavy ones hold all the others (a worker killed at its time limit
  restarts in the background and is not idle meanwhile).
- **Bounded queue.** A query waits for a worker at most `queue_wait` seconds, behind at most
  `queue_size` others; a full queue or a wait that runs out is a 503 with Retry-After, fast.
- **Cost-aware time limit.** Each query of a client whose queries reached the time limit in the
  last `memory` seconds counts as heavy, and its limit is the server's limit divided by one plus
  the number of those timeouts (never under `min_timeout`): resubmitting a runaway costs less each
  time, and it gets a worker only when no other client's query is waiting. The worker running a
  query past its limit is killed (graph/workers.py).
- **What a query cost last time.** The store is read-only, so a query costs the same each time it is
  asked. A query (its text and parameters, `job_key`) that ran out of time is refused at once, from
  any client, for `memory` seconds unless it is now given a longer limit (503, Retry-After, saying
  so, after a `tarpit` pause that holds no worker): resubmitting a runaway costs no worker at all. One that took more than `slow` seconds is heavy
  the next time whatever its text looks like. Pyoxigraph (0.5) offers no query plan or cost estimate,
  so what was measured is the estimate; the text (`estimate`) is the guess for a query never seen.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from collections import OrderedDict, defaultdict, deque
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool

from .workers import PoolError

_AGGREGATE = re.compile(r"\b(COUNT|SUM|AVG|MIN|MAX|GROUP_CONCAT|SAMPLE|GROUP\s+BY|ORDER\s+BY|DISTINCT|REDUCED)\b", re.I)
_PATH = re.compile(r"(?:[>\w)])\s*[*+](?=\s*(?:[?$<(\w]|\)))")  # p* or p+ (not a multiplication: good enough)
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)", re.I)
_ALL_VARIABLES = re.compile(r"[?$]\w+\s+[?$]\w+\s+[?$]\w+")
_STRING_OR_COMMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|<[^>\s]*>')
LIGHT_LIMIT = 1000  # rows a light query may ask for


def estimate(query: str) -> str:
    """'light' or 'heavy', from the query text alone (strings, IRIs and comments ignored)."""
    text = _STRING_OR_COMMENT.sub(" <> ", query)
    text = re.sub(r"\bCONSTRUCT\s*\{[^{}]*\}", "CONSTRUCT {}", text, flags=re.I)  # the template matches nothing
    limit = _LIMIT.search(text)
    ask = re.search(r"\bASK\b", text, re.I) is not None
    if not ask and (limit is None or int(limit.group(1)) > LIGHT_LIMIT):
        return "heavy"
    if _AGGREGATE.search(text) or _PATH.search(text) or len(_ALL_VARIABLES.findall(text)) >= 2:
        return "heavy"
    return "light"


class ClientBusy(PoolError):
    status = 429
    kind = "client-limit"

    def __init__(self, limit: int):
        super().__init__(f"this client already has {limit} queries running or waiting; wait for one to finish")


class QueueFull(PoolError):
    kind = "queue-full"


class KnownRunaway(PoolError):
    kind = "known-runaway"


def job_key(job: dict) -> str:
    """The identity of a query for what it cost: its text with runs of spaces collapsed, and its parameters."""
    fields = {k: v for k, v in job.items() if k != "lane"}
    fields["query"] = " ".join(str(fields.get("query", "")).split())
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()


class _Costs:
    """job_key → (when, seconds or the limit it ran out at), the most recent `size` queries."""

    def __init__(self, size: int = 10_000):
        self.size, self._seen = size, OrderedDict()

    def note(self, key: str, seconds: float) -> None:
        self._seen[key] = (time.monotonic(), seconds)
        self._seen.move_to_end(key)
        while len(self._seen) > self.size:
            self._seen.popitem(last=False)

    def recent(self, key: str, memory: float) -> tuple[float, float] | None:
        """(seconds ago, seconds) when noted within `memory` seconds."""
        found = self._seen.get(key)
        if found is None:
            return None
        ago = time.monotonic() - found[0]
        if ago > memory:
            del self._seen[key]
            return None
        return ago, found[1]


@dataclass
class Admission:
    pool: object  # graph.workers.WorkerPool
    timeout: float = 10.0
    per_client: int = 2
    queue_size: int = 64
    queue_wait: float = 5.0
    reserve: int = 1
    min_timeout: float = 1.0
    memory: float = 60.0
    retry_after: int = 2
    slow: float = 1.0  # seconds after which a query is heavy the next time it is asked
    tarpit: float = 1.0  # seconds before a known runaway is refused
    _ran_out: _Costs = field(default_factory=_Costs)  # queries that reached their limit: the limit
    _took: _Costs = field(default_factory=_Costs)  # queries that took more than `slow`: their seconds
    _active: dict = field(default_factory=lambda: defaultdict(int))
    _timeouts: dict = field(default_factory=lambda: defaultdict(deque))
    _waiting: int = 0
    _waiting_others: int = 0  # waiting queries of clients without recent timeouts

    @staticmethod
    def client_of(scope_client) -> str:
        """The client a request is counted against: its address, or address and port on loopback."""
        if not scope_client:
            return "unknown"
        host, port = scope_client[0], scope_client[1]
        return f"{host}:{port}" if host in ("127.0.0.1", "::1", "localhost") else host

    def plan(self, client: str, query: str, lane: str | None = None) -> tuple[str, float]:
        """The lane and time limit of a client's query."""
        recent = self._recent_timeouts(client)
        lane = "heavy" if recent else (lane or estimate(query))
        return lane, max(self.min_timeout, self.timeout / (1 + recent))

    async def run(self, client: str, job: dict) -> tuple:
        """The worker's reply to `job`; ClientBusy, QueueFull, or the pool's own errors otherwise."""
        if self._active[client] >= self.per_client:
            raise ClientBusy(self.per_client)
        key = job_key(job)
        lane, limit = self.plan(client, job["query"], job.pop("lane", None))
        ran_out = self._ran_out.recent(key, self.memory)
        if self._took.recent(key, self.memory):
            lane = "heavy"
        self._active[client] += 1
        try:
            if ran_out and limit <= ran_out[1]:
                # refused after a pause that holds no worker, counted against the client's limit: a client
                # that resubmits at once (ignoring Retry-After) cannot make the refusals themselves a load
                await asyncio.sleep(self.tarpit)
                raise KnownRunaway(f"this query reached the {ran_out[1]:g} s time limit {ran_out[0]:.0f} s ago and "
                                   f"the data has not changed: it is refused for {self.memory - ran_out[0]:.0f} s more")
            worker = await self._acquire(lane, suspect=bool(self._recent_timeouts(client)))
            started = time.monotonic()
            try:
                reply = await run_in_threadpool(self.pool.run_on, worker, job, limit)
            except PoolError as exc:
                if exc.kind == "timeout":
                    self._timeouts[client].append(started)
                    self._ran_out.note(key, limit)
                raise
            if time.monotonic() - started > self.slow:
                self._took.note(key, time.monotonic() - started)
            return reply
        finally:
            self._active[client] -= 1
            if not self._active[client]:
                del self._active[client]

    async def _acquire(self, lane: str, suspect: bool = False):
        """A worker for the lane; a suspect (a client whose queries ran out of time) only when no one
        else is waiting, so resubmitted runaways cannot take the heavy lane from other clients."""
        keep = min(self.reserve, getattr(self.pool, "size", 2) - 1) if lane == "heavy" else 0  # one worker: no reserve

        def take():
            return None if suspect and self._waiting_others else self.pool.try_acquire(keep)

        worker = take()
        if worker is not None:
            return worker
        if self._waiting >= self.queue_size:
            raise QueueFull(f"{self._waiting} queries are waiting for a worker; try again later")
        self._waiting += 1
        self._waiting_others += not suspect
        try:
            deadline = time.monotonic() + self.queue_wait
            while time.monotonic() < deadline:
                await asyncio.sleep(0.005)
                worker = take()
                if worker is not None:
                    return worker
        finally:
            self._waiting -= 1
            self._waiting_others -= not suspect
        raise QueueFull(f"no query worker was free for {self.queue_wait:g} s; try again later")

    def _recent_timeouts(self, client: str) -> int:
        times = self._timeouts.get(client)
        if not times:
            return 0
        while times and times[0] < time.monotonic() - self.memory:
            times.popleft()
        if not times:
            del self._timeouts[client]
        return len(times)
