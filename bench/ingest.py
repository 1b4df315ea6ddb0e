"""Ingestion throughput: interactions/s of the loader beside baselines measured in the same run.

Run: `.venv/bin/python -m bench.ingest [--sizes 10000,100000,1000000]`.

It starts its own local Neo4j (state in .state/neo4j-bench, ports 7720/7721; BENCH_NEO4J_URI
uses an existing server instead, which is wiped) and, for each size, generates that many
interactions between generated people (one topic each, so each interaction is a node and
three relationships), loads the people first (not timed), then times `load()` on the
interactions file: validation, reference look-ups and the batched writes. It does the same
for the interactions of timme-purep. Baselines, same machine, same run:
- per-row: the simplest correct driver loop, one MERGE query and one transaction per
  interaction, on `--baseline-rows` rows only (it is slow);
- neo4j-admin import (`database import full`) of the same rows into a scratch database of a
  stopped scratch server, from CSV files written beforehand (not timed). It builds a new store
  offline: no constraints, no indexes, no MERGE, and it cannot add to an existing graph.
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import json
import os
import random
import re
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.procfs import process_cpu
from bench.queries import queries_with_bench
from service.db.database import Database
from service.db.driver import create_async_driver
from service.db.graph import counts, wipe
from service.db.migrate import migrate
from service.ingest.importers.timme import read_timme
from service.ingest.loader import LoadResult, load
from service.ingest.records import InteractionRecord, Record
from service.ingest.rows import interaction_row
from service.ingest.sources import NdjsonSource, RecordSource, Source
from service.localdb.home import install
from service.localdb.server import ADMIN_CLASS, LocalNeo4j
from service.settings import PROJECT_ROOT, Settings

TOPICS = [f"bench-t{n}" for n in range(13)]
START = datetime(2026, 1, 1, tzinfo=UTC)
TIMME = PROJECT_ROOT.parent / "shared" / "datasets" / "timme-purep"


def load_average() -> float:
    """The machine's 1-minute load average (other users' work slows every figure)."""
    return os.getloadavg()[0]


@dataclass(frozen=True)
class Result:
    """One measurement; printed as soon as it is taken, and in the table at the end, with
    the 1-minute load average when it started and when it ended."""

    data: str
    method: str
    rows: int
    seconds: float
    note: str = ""
    load_from: float = 0.0
    load_to: float = field(default_factory=load_average)

    def __post_init__(self) -> None:
        print(f"    {self.data}, {self.method}: {self.rows:,} rows in {self.seconds:.1f}s "
              f"= {self.rate:,.0f}/s (load {self.load}) {self.note}", flush=True)  # fmt: skip

    @property
    def load(self) -> str:
        return f"{self.load_from:.1f}-{self.load_to:.1f}"

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class Plan:
    """How the loader writes: records per transaction, transactions at once."""

    batch: int
    in_flight: int
    server_pid: int | None = None  # the local server's process, for its CPU time

    def cpu(self) -> tuple[float, float]:
        """CPU seconds used so far by the server (0 when not local) and by this process."""
        server = process_cpu(self.server_pid) if self.server_pid else 0.0
        return server, time.process_time()

    def note(self, db: Database, retried_before: int) -> str:
        """The plan, and the transient errors (deadlocks...) retried since `retried_before`."""
        retried = sum(db.retried.values()) - retried_before
        return f"batch {self.batch}, {self.in_flight} in flight, {retried} retried"

    async def load(self, db: Database, sources: Sequence[Source], **extra: Any) -> LoadResult:
        return await load(db, sources, batch_size=self.batch, in_flight=self.in_flight, **extra)


def bench_settings(batch_size: int | None, in_flight: int | None = None) -> Settings:
    external = os.environ.get("BENCH_NEO4J_URI")
    values: dict[str, object] = {
        "neo4j_uri": external,
        "neo4j_password": SecretStr(os.environ.get("BENCH_NEO4J_PASSWORD", "bench-password-1")),
        "local_bolt_port": 7720,
        "local_http_port": 7721,
        "state_dir": PROJECT_ROOT / ".state" / "neo4j-bench",
        "local_heap": os.environ.get("BENCH_NEO4J_HEAP", "2g"),
        "local_pagecache": os.environ.get("BENCH_NEO4J_PAGECACHE", "2g"),
        "neo4j_query_timeout": 600.0,
    }
    if batch_size:
        values["ingest_batch_size"] = batch_size
    if in_flight:
        values["ingest_in_flight"] = in_flight
    return Settings(**values)  # type: ignore[arg-type]


# --- generated data -------------------------------------------------------------------


def people_for(size: int) -> int:
    return max(1_000, size // 20)


def generated(size: int, seed: int = 1) -> Iterator[InteractionRecord]:
    rng = random.Random(seed)
    population = people_for(size)
    kinds = ("share", "quote", "reply", "comment", "mention", "like")
    for n in range(size):
        actor, target = rng.sample(range(population), 2)
        yield InteractionRecord(
            id=f"bench-i{n}",
            type=rng.choice(kinds),
            actor=f"bench-p{actor}",
            target=f"bench-p{target}",
            topics=[rng.choice(TOPICS)],
            at=START + timedelta(seconds=n * 7),
            sentiment=round(rng.uniform(-1, 1), 3),
            platform="x",
        )


def write_people_file(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for topic in TOPICS:
            out.write(json.dumps({"kind": "topic", "id": topic, "name": topic}) + "\n")
        for n in range(people_for(size)):
            out.write(json.dumps({"kind": "person", "id": f"bench-p{n}", "name": f"P {n}"}) + "\n")


def write_interactions_file(path: Path, records: Iterator[InteractionRecord]) -> int:
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        for record in records:
            out.write(record.model_dump_json(by_alias=True, exclude_none=True) + "\n")
            lines += 1
    return lines


# --- loader and per-row baseline ------------------------------------------------------


class _PhaseClock:
    def __init__(self) -> None:
        self.writing_started: float | None = None
        self.load_from: float | None = None

    def phase(self, description: str, total: int | None) -> None:
        if description == "Writing":
            self.writing_started = time.perf_counter()
            self.load_from = load_average()

    def advance(self, n: int) -> None:
        pass


async def time_loader(
    db: Database, label: str, sources: Sequence[Source], rows: int, plan: Plan
) -> list[Result]:
    """The loader on interactions only (people and topics are in the graph already)."""
    clock = _PhaseClock()
    retried = sum(db.retried.values())
    load_from = load_average()
    server_cpu, client_cpu = plan.cpu()
    began = time.perf_counter()
    result = await plan.load(db, sources, progress=clock)
    ended = time.perf_counter()
    server_cpu, client_cpu = (
        after - before for after, before in zip(plan.cpu(), (server_cpu, client_cpu), strict=True)
    )
    assert result.validation.ok, result.rejected[:3]
    assert result.written["interaction"] == rows
    writing = ended - (clock.writing_started or began)
    note = plan.note(db, retried)
    cpu = f"; CPU/row: client {client_cpu / rows * 1e6:.0f} us" + (
        f", server {server_cpu / rows * 1e6:.0f} us" if plan.server_pid else ""
    )
    return [
        Result(label, "loader (check + write)", rows, ended - began, note + cpu, load_from),
        Result(label, "loader, write phase", rows, writing, note, clock.load_from or load_from),
    ]


async def time_per_row(db: Database, label: str, records: list[InteractionRecord]) -> Result:
    load_from = load_average()
    began = time.perf_counter()
    for record in records:
        row = interaction_row(record)
        await db.write(
            "bench/merge_interaction_row",
            id=row["id"], type=row["type"], actor=row["actor"], target=row["target"],
            topic=row["topics"][0], at=row["at"], sentiment=row["sentiment"],
            platform=row["platform"], count=row["count"],
        )  # fmt: skip
    return Result(label, "per-row driver loop", len(records), time.perf_counter() - began,
                  f"first {len(records):,} rows", load_from)  # fmt: skip


async def warm_up(db: Database, plan: Plan, work: Path) -> None:
    """Load and drop a small set first, so that the JVM is warm and the queries are planned."""
    await wipe(db)
    people = work / "warm-people.ndjson"
    write_people_file(people, 20_000)
    interactions = work / "warm-interactions.ndjson"
    write_interactions_file(interactions, generated(20_000, seed=99))
    await plan.load(db, [NdjsonSource(people), NdjsonSource(interactions)])
    await wipe(db)


async def run_generated(
    db: Database, size: int, baseline_rows: int, plan: Plan, work: Path
) -> list[Result]:
    """Per-row baseline first (same rows, other ids), then the loader on all the rows."""
    label = f"generated {size:,}"
    await wipe(db)
    people = work / f"people-{size}.ndjson"
    write_people_file(people, size)
    assert (await plan.load(db, [NdjsonSource(people)])).validation.ok
    sample = [
        r.model_copy(update={"id": "row-" + r.id}) for r in generated(min(size, baseline_rows))
    ]
    per_row = await time_per_row(db, label, sample)
    interactions = work / f"interactions-{size}.ndjson"
    rows = write_interactions_file(interactions, generated(size))
    results = await time_loader(db, label, [NdjsonSource(interactions)], rows, plan)
    assert (await counts(db)).interactions == rows + len(sample)
    interactions.unlink()
    return [*results, per_row]


async def run_timme(db: Database, baseline_rows: int, plan: Plan) -> list[Result]:
    records = list(read_timme(TIMME))
    interactions: list[Record] = [r for r in records if isinstance(r, InteractionRecord)]
    others = [r for r in records if not isinstance(r, InteractionRecord)]
    label = "timme-purep"
    await wipe(db)
    assert (await plan.load(db, [RecordSource("timme", lambda: others)])).validation.ok
    only = [RecordSource("timme", lambda: interactions)]
    results = await time_loader(db, label, only, len(interactions), plan)
    retried = sum(db.retried.values())
    load_from = load_average()
    began = time.perf_counter()
    everything = await plan.load(db, [RecordSource("timme", lambda: records)])
    results.append(Result(label, "loader, replay of all records", everything.total,
                          time.perf_counter() - began,
                          "rows = all kinds; " + plan.note(db, retried), load_from))  # fmt: skip
    await wipe(db)
    assert (await plan.load(db, [RecordSource("timme", lambda: others)])).validation.ok
    sample = [r for r in interactions[:baseline_rows] if isinstance(r, InteractionRecord)]
    results.append(await time_per_row(db, label, sample))
    return results


# --- neo4j-admin import ---------------------------------------------------------------


def admin_import(
    label: str,
    interactions: Callable[[], Iterator[InteractionRecord]],
    people: list[str],
    settings: Settings,
    work: Path,
) -> Result:
    """Time `neo4j-admin database import full` of the same rows into a scratch store."""
    home = install(settings.cache_dir, echo=False)
    scratch = work / "admin-import"
    shutil.rmtree(scratch, ignore_errors=True)
    for sub in ("conf", "data", "logs", "run", "import"):
        (scratch / sub).mkdir(parents=True)
    (scratch / "conf" / "neo4j.conf").write_text(
        f"server.directories.data={scratch / 'data'}\n"
        f"server.directories.logs={scratch / 'logs'}\n"
        f"server.directories.run={scratch / 'run'}\n"
        f"server.directories.import={scratch / 'import'}\n"
    )
    files, rows = _admin_csv(scratch / "import", interactions, people)
    command = [
        "java", "-cp", f"{home}/lib/*", ADMIN_CLASS, "database", "import", "full", "neo4j",
        "--overwrite-destination=true", f"--report-file={scratch / 'import.report'}",
        *(f"--nodes={label_}={path}" for label_, path in files["nodes"]),
        *(f"--relationships={kind}={path}" for kind, path in files["relationships"]),
    ]  # fmt: skip
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(scratch / "conf"))
    load_from = load_average()
    began = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - began
    if done.returncode != 0:
        errors = [line for line in (done.stderr + done.stdout).splitlines() if "Exception" in line]
        return Result(label, "neo4j-admin import", 0, 0.0, "failed: " + " ".join(errors[:1]),
                      load_from)  # fmt: skip
    shutil.rmtree(scratch, ignore_errors=True)
    reported = re.search(r"IMPORT DONE in (?:(\d+)m )?(\d+)s (\d+)ms", done.stdout)
    if reported is None:
        return Result(label, "neo4j-admin import", rows, seconds,
                      "offline, new store, no indexes; JVM start included", load_from)  # fmt: skip
    minutes, secs, millis = (int(g or 0) for g in reported.groups())
    own = minutes * 60 + secs + millis / 1000
    return Result(label, "neo4j-admin import", rows, own,
                  f"its own timer; {seconds:.1f}s with JVM start; offline, new store, "
                  "no indexes", load_from)  # fmt: skip


def _admin_csv(
    folder: Path, interactions: Callable[[], Iterator[InteractionRecord]], people: list[str]
) -> tuple[dict[str, list[tuple[str, Path]]], int]:
    """The CSV files of `database import full`; returns them and the interaction count."""

    def table(name: str, header: list[str], rows: Iterable[list[object]]) -> Path:
        path = folder / name
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows)
        return path

    count = sum(1 for _ in interactions())
    topics = sorted({t for r in interactions() for t in r.topics})
    interaction_header = ["id:ID(Interaction)", "type", "at:datetime", "sentiment:float",
                          "platform", "count:int"]  # fmt: skip
    files = {
        "nodes": [
            ("Person", table("people.csv", ["id:ID(Person)", "name"], ([p, p] for p in people))),
            ("Topic", table("topics.csv", ["id:ID(Topic)", "name"], ([t, t] for t in topics))),
            ("Interaction", table("interactions.csv", interaction_header,
                                  ([r.id, r.type, r.at.isoformat(), r.sentiment, r.platform,
                                    r.count] for r in interactions()))),
        ],
        "relationships": [
            ("PERFORMED", table("performed.csv", [":START_ID(Person)", ":END_ID(Interaction)"],
                                ([r.actor, r.id] for r in interactions()))),
            ("TARGETS", table("targets.csv", [":START_ID(Interaction)", ":END_ID(Person)"],
                              ([r.id, r.target] for r in interactions()))),
            ("ABOUT", table("about.csv", [":START_ID(Interaction)", ":END_ID(Topic)"],
                            ([r.id, t] for r in interactions() for t in r.topics))),
        ],
    }  # fmt: skip
    return files, count


# --- report ---------------------------------------------------------------------------


def table(results: list[Result]) -> str:
    lines = [
        f"{'data':<20} {'method':<32} {'rows':>10} {'seconds':>9} {'rows/s':>9} "
        f"{'vs per-row':>10} {'vs admin':>9} {'load':>9}  note",
    ]
    for data in dict.fromkeys(r.data for r in results):
        group = [r for r in results if r.data == data]
        per_row = next((r.rate for r in group if r.method == "per-row driver loop"), 0.0)
        admin = next((r.rate for r in group if r.method == "neo4j-admin import"), 0.0)
        for r in group:
            vs_row = f"{r.rate / per_row:.1f}x" if per_row and r.rate else "-"
            vs_admin = f"{r.rate / admin:.2f}x" if admin and r.rate else "-"
            lines.append(
                f"{r.data:<20} {r.method:<32} {r.rows:>10,} {r.seconds:>9.1f} {r.rate:>9,.0f} "
                f"{vs_row:>10} {vs_admin:>9} {r.load:>9}  {r.note}"
            )
    return "\n".join(lines)


async def run(settings: Settings, args: argparse.Namespace, work: Path) -> list[Result]:
    driver = create_async_driver(settings)
    db = Database(driver, queries_with_bench(settings), settings.neo4j_database, 600.0)
    results: list[Result] = []
    pid_file = settings.state_dir / "neo4j.pid"
    server_pid = int(pid_file.read_text()) if settings.uses_local_neo4j else None
    plan = Plan(settings.ingest_batch_size, settings.ingest_in_flight, server_pid)
    try:
        await migrate(db)
        await warm_up(db, plan, work)
        for size in args.sizes:
            print(f"... generated {size:,}", flush=True)
            results += await run_generated(db, size, args.baseline_rows, plan, work)
            if not args.no_admin_import:
                people = [f"bench-p{n}" for n in range(people_for(size))]
                rows = partial(generated, size)
                label = f"generated {size:,}"
                results.append(admin_import(label, rows, people, settings, work))
        if not args.no_timme and TIMME.is_dir():
            print("... timme-purep", flush=True)
            results += await run_timme(db, args.baseline_rows, plan)
            if not args.no_admin_import:
                timme = [r for r in read_timme(TIMME) if isinstance(r, InteractionRecord)]
                people = sorted({r.actor for r in timme} | {r.target for r in timme})
                results.append(admin_import("timme-purep", lambda: iter(timme), people,
                                            settings, work))  # fmt: skip
        await wipe(db)
    finally:
        await driver.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,1000000",
                        type=lambda s: [int(x) for x in s.split(",") if x])  # fmt: skip
    parser.add_argument("--baseline-rows", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=None)
    parser.add_argument("--in-flight", type=int, default=None,
                        help="batches written at once (default: INGEST_IN_FLIGHT)")  # fmt: skip
    parser.add_argument("--no-admin-import", action="store_true")
    parser.add_argument("--no-timme", action="store_true")
    parser.add_argument("--keep-server", action="store_true")
    args = parser.parse_args(argv)
    settings = bench_settings(args.batch_size, args.in_flight)
    server = LocalNeo4j(settings) if settings.uses_local_neo4j else None
    if server is not None:
        server.start(echo=False)
    cores = os.cpu_count()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-ingest-") as work:
            results = asyncio.run(run(settings, args, Path(work)))
    finally:
        if server is not None and not args.keep_server:
            server.stop(echo=False)
    print(
        f"\nIngestion bench ({cores} cores, heap {settings.local_heap}, page cache "
        f"{settings.local_pagecache}); rows = interactions unless noted; load = the machine's "
        "1-minute load average at the start and the end of each figure\n"
    )
    print(table(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
