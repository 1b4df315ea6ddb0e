"""The GDS adapter of the db layer: the `graphdatascience` client, built from settings.

Analytics code receives the client as an argument and calls its typed endpoints; Cypher it
needs (projection queries, look-ups) still comes from the `cypher/` files, run here.
"""

from __future__ import annotations

from typing import Any

from graphdatascience import GraphDataScience

from service.db.queries import Queries
from service.settings import Settings

Row = dict[str, Any]


def open_gds(settings: Settings) -> GraphDataScience:
    """A GDS client over Bolt (the open GDS has no Arrow server), without progress bars."""
    return GraphDataScience(
        settings.bolt_uri,
        auth=(settings.neo4j_user, settings.neo4j_password.get_secret_value()),
        database=settings.neo4j_database,
        arrow=False,
        show_progress=False,
    )


def run_query(gds: GraphDataScience, queries: Queries, name: str, **params: Any) -> list[Row]:
    """Run the named query from `cypher/` on the client's connection; rows as dicts."""
    frame = gds.run_cypher(queries[name].text, params=params)
    return [dict(row) for row in frame.to_dict("records")]


def query_text(queries: Queries, name: str) -> str:
    """The text of a named query, for client endpoints that take a query (Cypher projections)."""
    return queries[name].text
