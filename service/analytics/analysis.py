"""One analysis of one topic, stage by stage: check memory, project, run the algorithms,
score, write the results as a new generation in batches, then switch the topic to it in one
small transaction (generation.py; GDS writes the influence edges from the projection beside
the algorithms). The projection is dropped whatever happens, once that write is done.

GDS calls are blocking; they run in threads so the event loop stays free for the job's
heartbeat and, inside the API process, for requests.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, cast

from service.analytics import centrality, communities, projection
from service.analytics.algorithms import AlgorithmRun
from service.analytics.generation import GenerationWriter
from service.analytics.job_control import JobCancelled, JobControl, JobLost
from service.analytics.options import (
    AnalysisError,
    AnalysisOptions,
    Centrality,
    CommunityAlgorithm,
)
from service.analytics.people_reads import PeopleReads
from service.analytics.scoring import (
    NodeValues,
    Scored,
    community_rows,
    score_people,
)
from service.analytics.signals import SIGNALS_STAGE, topic_signals
from service.db import gds as gds_db
from service.db import projections as projection_db
from service.db.database import Database
from service.db.signals import Signals, TemporalSignals
from service.settings import Settings

if TYPE_CHECKING:
    from graphdatascience import GraphDataScience

# JobControl and its exceptions live in job_control.py; importable from here as before.
__all__ = ["Analysis", "AnalysisResult", "JobCancelled", "JobControl", "JobLost"]
log = logging.getLogger("influence_graph.analytics")
T = TypeVar("T")


@dataclass(frozen=True)
class AnalysisResult:
    topic: str
    nodes: int
    relationships: int
    projection_method: str
    stage_seconds: dict[str, float]
    algorithms: list[AlgorithmRun]
    people: list[Scored]
    communities: int
    written: bool
    community_rows: list[dict[str, object]] = field(default_factory=list, repr=False)

    def summary(self) -> dict[str, Any]:
        return {
            "nodes": self.nodes,
            "relationships": self.relationships,
            "projection": self.projection_method,
            "seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "algorithms": {a.name: a.details for a in self.algorithms},
            "people": len(self.people),
            "communities": self.communities,
        }


class Analysis:
    def __init__(
        self,
        db: Database,
        gds: GraphDataScience,
        settings: Settings,
        job_id: str,
        lease: str,
        topic: str,
        options: AnalysisOptions,
        control: JobControl,
        people_reads: PeopleReads | None = None,
    ) -> None:
        self.db, self.gds, self.settings = db, gds, settings
        # Shared with the worker's clean-up, so that its deletions wait while signals are read.
        self.people_reads = people_reads or PeopleReads()
        self.job_id, self.lease, self.topic = job_id, lease, topic
        # One reference time for the decay, so projection and written edges agree.
        as_of = options.as_of or options.until or datetime.now(UTC)
        # Resolved again: a job queued before an option existed takes its setting.
        self.options = options.resolved(settings).model_copy(update={"as_of": as_of})
        self.control = control
        self.seconds: dict[str, float] = {}

    async def run(self) -> AnalysisResult:
        """Compute, then write the results as the topic's new generation; its influence edges
        depend on the interactions only, so GDS writes them while the algorithms run."""
        writer = GenerationWriter(
            self.db, self.settings, self.job_id, self.lease, self.topic, self.options,
            self.control, self.seconds, self.people_reads,
        )  # fmt: skip
        generation = await writer.begin()
        edges: asyncio.Task[bool] | None = None

        def write_edges(graph_name: str) -> asyncio.Task[bool]:
            nonlocal edges
            edges = asyncio.create_task(writer.write_edges(self.gds, graph_name))
            return edges

        try:
            result = await self.compute(generation, write_edges)
        except BaseException:
            await writer.abandon(edges)
            raise
        assert edges is not None  # the projection started them
        self.control.report("write", 0.92)
        await writer.write_rest(edges, result.people, result.community_rows, result.summary)
        return AnalysisResult(**{**result.__dict__, "written": True})

    async def compute(
        self,
        generation: int | None = None,
        beside: Callable[[str], asyncio.Task[bool]] | None = None,
    ) -> AnalysisResult:
        """Everything up to the scores, nothing written (a back-test's need); with the Cypher
        projection no Job node is needed, only a job id and lease unique to the run. With a
        `generation`, the projection also holds the INFLUENCES edges to write, tagged with
        it, and `beside` is started on the projection's name once it exists (the write of
        those edges); the projection is dropped only after it. The scoring signals are read
        beside it all, from the start: they depend on the interactions only."""
        signals = asyncio.create_task(self._topic_signals())
        try:
            return await self._compute(generation, beside, signals)
        except BaseException:
            signals.cancel()
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await signals
            raise

    async def _compute(
        self,
        generation: int | None,
        beside: Callable[[str], asyncio.Task[bool]] | None,
        signals: asyncio.Task[tuple[dict[str, Signals], dict[str, TemporalSignals]]],
    ) -> AnalysisResult:
        queries = self.db.queries
        offered = await self._timed("capabilities", gds_db.offered_procedures, self.gds, queries)
        exact_max = self.settings.betweenness_exact_max_nodes
        estimate = await self._timed(
            "estimate",
            projection.estimate_memory,
            self.gds,
            queries,
            self.topic,
            self.options,
            exact_max,
        )
        projection.check_memory(estimate, self.topic)
        await self._stage_done("estimate", 0.05)
        written: asyncio.Task[bool] | None = None
        try:
            proj = await self._timed(
                "projection",
                projection.project,
                self.gds,
                queries,
                self.job_id,
                self.lease,
                self.topic,
                self.options,
                generation,
            )
            if beside is not None:
                written = beside(proj.graph_name)
            await self._stage_done("projection", 0.2)
            chosen = self.options.centralities(proj.node_count, exact_max)
            runs = await self._run_algorithms(proj, self._available(offered, chosen))
            props = [p for r in runs for p in r.properties]
            nodes = await self._timed("stream", self._stream, proj.graph_name, props, runs)
        finally:
            if written is not None:  # GDS reads the projection until the edges are written
                await asyncio.wait([written])
            await asyncio.to_thread(projection.drop, self.gds, queries, self.job_id, self.lease)
        await self._stage_done("stream", 0.82)
        people, written_communities = await self._score(nodes, runs, props, signals)
        await self._stage_done("scoring", 0.9)
        return AnalysisResult(
            topic=self.topic, nodes=proj.node_count, relationships=proj.relationship_count,
            projection_method=proj.method, stage_seconds=self.seconds, algorithms=runs,
            people=people, communities=len(written_communities), written=False,
            community_rows=written_communities,
        )  # fmt: skip

    async def _score(
        self,
        nodes: list[NodeValues],
        runs: list[AlgorithmRun],
        props: list[str],
        read: Awaitable[tuple[dict[str, Signals], dict[str, TemporalSignals]]],
    ) -> tuple[list[Scored], list[dict[str, object]]]:
        """Components, blend and roles per person, and the communities' rows to write."""
        primary = next(
            (c for c in self.options.communities if communities.property_name(c) in props), ""
        )
        start = time.perf_counter()
        # Read for the topic's people in the window, a superset of the projection's nodes
        # (analytics/topic_people matches what analytics/project_topic does, less its filter
        # on the weight).
        signals, temporal = await read
        o = self.options
        people = score_people(
            nodes, signals, self.topic, primary, temporal, o.blend, o.momentum_recent_share or 0.25
        )
        written_communities = community_rows(
            nodes,
            self.topic,
            [c for c in self.options.communities if c in {r.name for r in runs}],
            {p.person: p.rank for p in people},
        )
        self.seconds["scoring"] = time.perf_counter() - start  # waiting for signals included
        return people, written_communities

    def _available(
        self, offered: frozenset[str], centralities: list[Centrality]
    ) -> list[Centrality | CommunityAlgorithm]:
        chosen: list[Centrality | CommunityAlgorithm] = []
        for c in centralities:
            if centrality.PROCEDURES[c] in offered:
                chosen.append(c)
            elif c in ("pagerank", "degree"):
                raise AnalysisError(f"this GDS server does not offer {centrality.PROCEDURES[c]}")
            else:
                log.warning("skipping %s: the GDS server does not offer it", c)
        for m in self.options.communities:
            if communities.PROCEDURES[m] in offered:
                chosen.append(m)
            else:
                log.warning("skipping %s: the GDS server does not offer it", m)
        return chosen

    async def _run_algorithms(
        self, proj: projection.Projection, algorithms: list[Centrality | CommunityAlgorithm]
    ) -> list[AlgorithmRun]:
        runs: list[AlgorithmRun] = []
        sample = centrality.betweenness_sample_size(
            self.options,
            proj.node_count,
            self.settings.betweenness_exact_max_nodes,
            self.settings.betweenness_sample_size,
        )
        for i, name in enumerate(algorithms):
            low = 0.2 + 0.6 * i / len(algorithms)
            high = 0.2 + 0.6 * (i + 1) / len(algorithms)
            tag = f"{self.job_id}-{name}"
            if name in centrality.PROCEDURES:
                call = asyncio.to_thread(
                    centrality.run,
                    self.gds,
                    proj.graph,
                    name,
                    self.options,
                    tag,
                    sample,
                )
            else:
                call = asyncio.to_thread(
                    communities.run,
                    self.gds,
                    proj.graph,
                    cast(CommunityAlgorithm, name),
                    self.options,
                    tag,
                )
            run = await self._with_gds_progress(call, tag, name, low, high)
            self.seconds[name] = run.seconds
            runs.append(run)
            await self._stage_done(name, high)
        return runs

    async def _with_gds_progress(
        self, call: Awaitable[T], tag: str, stage: str, low: float, high: float
    ) -> T:
        """Await a GDS call, turning the server's progress of job `tag` into job progress."""
        task = asyncio.ensure_future(call)
        self.control.report(stage, low)
        while not task.done():
            await asyncio.wait([task], timeout=0.5)
            if task.done():
                break
            fraction = await asyncio.to_thread(self._gds_progress, tag)
            if fraction is not None:
                self.control.report(stage, low + (high - low) * fraction)
        return task.result()

    def _gds_progress(self, tag: str) -> float | None:
        try:
            reported = gds_db.progress(self.gds, tag)
        except Exception:  # progress is best effort: the job may just have finished
            return None
        for progress in reported:
            text = progress.strip().rstrip("%")
            try:
                return float(text) / 100.0
            except ValueError:
                continue
        return None

    def _stream(
        self, graph_name: str, props: list[str], runs: list[AlgorithmRun]
    ) -> list[NodeValues]:
        community_props = {communities.property_name(c): c for c in communities.PROCEDURES}
        nodes = []
        for node in projection_db.node_values(self.gds, self.db.queries, graph_name, props):
            values: dict[str, float] = {}
            for run in runs:
                values.update(run.streamed.get(node.node_id, {}))
            groups: dict[str, int] = {}
            for prop, value in node.values:
                if prop in community_props:
                    groups[community_props[prop]] = int(value)
                else:
                    values[prop] = float(value)
            nodes.append(NodeValues(node.person, values, groups))
        return nodes

    async def _topic_signals(self) -> tuple[dict[str, Signals], dict[str, TemporalSignals]]:
        start = time.perf_counter()
        self.seconds[SIGNALS_STAGE] = 0.0  # listed early: it starts with the computation
        try:
            async with self.people_reads.reading():
                return await topic_signals(self.db, self.topic, self.options, self.settings)
        finally:
            self.seconds[SIGNALS_STAGE] = time.perf_counter() - start

    async def _timed(self, stage: str, fn: Callable[..., T], *args: Any) -> T:
        self.control.enter(stage)
        start = time.perf_counter()
        try:
            return await asyncio.to_thread(fn, *args)
        finally:
            self.seconds[stage] = time.perf_counter() - start

    async def _stage_done(self, stage: str, progress: float) -> None:
        self.control.report(stage, progress)
        if self.settings.analysis_stage_pause:
            await asyncio.sleep(self.settings.analysis_stage_pause)
        self.control.check()
