"""The benchmarks' own queries (bench/cypher/, named `bench/...`), loaded beside CYPHER_DIR's."""

from __future__ import annotations

from pathlib import Path

from service.db.queries import Queries
from service.settings import Settings

BENCH_CYPHER = Path(__file__).resolve().parent / "cypher"


def queries_with_bench(settings: Settings) -> Queries:
    return Queries(settings.cypher_dir, extra={"bench": BENCH_CYPHER})
