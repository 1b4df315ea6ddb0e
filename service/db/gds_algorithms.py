"""GDS algorithm runs in mutate mode, through the `graphdatascience` client: each adds node
properties to a projection and returns what the server reported about the run.

The analytics modules choose the algorithm, its settings and the property names; these
functions make the call and turn the client's result into a small typed one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from graphdatascience import Graph, GraphDataScience


@dataclass(frozen=True)
class Scope:
    """What every run shares: the relationship types it reads, its concurrency, and the id
    GDS tracks its progress under."""

    relationship_types: list[str]
    concurrency: int | None
    job_id: str

    def config(self) -> dict[str, Any]:
        """The run's settings these give, as the client's keyword arguments."""
        return {
            "relationship_types": self.relationship_types,
            "concurrency": self.concurrency,
            "job_id": self.job_id,
        }


@dataclass(frozen=True)
class Iterations:
    """How an iterative algorithm ended."""

    ran: int
    converged: bool


@dataclass(frozen=True)
class Partition:
    """What a community algorithm found: how many communities."""

    communities: int


@dataclass(frozen=True)
class ModularPartition(Partition):
    """A partition found by optimising modularity, with the modularity reached."""

    modularity: float


@dataclass(frozen=True)
class PropagatedPartition(Partition):
    """A partition found by label propagation, and whether the labels settled."""

    converged: bool


def page_rank(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    damping_factor: float,
    max_iterations: int,
    tolerance: float,
    relationship_weight_property: str | None,
) -> Iterations:
    result = gds.page_rank.mutate(
        graph,
        prop,
        damping_factor=damping_factor,
        max_iterations=max_iterations,
        tolerance=tolerance,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return Iterations(result.ran_iterations, result.did_converge)


def article_rank(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    damping_factor: float,
    max_iterations: int,
    tolerance: float,
    relationship_weight_property: str | None,
) -> Iterations:
    result = gds.article_rank.mutate(
        graph,
        prop,
        damping_factor=damping_factor,
        max_iterations=max_iterations,
        tolerance=tolerance,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return Iterations(result.ran_iterations, result.did_converge)


def betweenness(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    sampling_size: int | None,
    sampling_seed: int | None,
) -> None:
    """Unweighted betweenness; exact with `sampling_size` None, else from that many sources."""
    gds.betweenness.mutate(
        graph,
        prop,
        sampling_size=sampling_size,
        sampling_seed=sampling_seed,
        **scope.config(),
    )


def degree(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    orientation: Literal["NATURAL", "REVERSE", "UNDIRECTED"],
    relationship_weight_property: str | None,
) -> None:
    """Degree centrality: NATURAL counts outgoing relationships, REVERSE incoming ones."""
    gds.degree.mutate(
        graph,
        prop,
        orientation=orientation,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )


def eigenvector(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    max_iterations: int,
    tolerance: float,
    relationship_weight_property: str | None,
) -> Iterations:
    result = gds.eigenvector.mutate(
        graph,
        prop,
        max_iterations=max_iterations,
        tolerance=tolerance,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return Iterations(result.ran_iterations, result.did_converge)


def hits(
    gds: GraphDataScience, graph: Graph, scope: Scope, *, hits_iterations: int
) -> dict[int, tuple[float, float]]:
    """HITS (unweighted in GDS), streamed: {node id: (authority, hub)}. Not mutated: GDS
    2.13's hits.mutate writes the authority score into the hub property too."""
    frame = gds.hits.stream(graph, hits_iterations=hits_iterations, **scope.config())
    return {
        int(node): (float(values["auth"]), float(values["hub"]))
        for node, values in zip(frame["nodeId"], frame["values"], strict=True)
    }


def louvain(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    relationship_weight_property: str | None,
) -> ModularPartition:
    result = gds.louvain.mutate(
        graph,
        prop,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return ModularPartition(result.community_count, result.modularity)


def leiden(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    random_seed: int,
    relationship_weight_property: str | None,
) -> ModularPartition:
    result = gds.leiden.mutate(
        graph,
        prop,
        random_seed=random_seed,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return ModularPartition(result.community_count, result.modularity)


def label_propagation(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    max_iterations: int,
    relationship_weight_property: str | None,
) -> PropagatedPartition:
    result = gds.label_propagation.mutate(
        graph,
        prop,
        max_iterations=max_iterations,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return PropagatedPartition(result.community_count, result.did_converge)


def wcc(
    gds: GraphDataScience,
    graph: Graph,
    prop: str,
    scope: Scope,
    *,
    relationship_weight_property: str | None,
) -> Partition:
    result = gds.wcc.mutate(
        graph,
        prop,
        relationship_weight_property=relationship_weight_property,
        **scope.config(),
    )
    return Partition(result.component_count)
