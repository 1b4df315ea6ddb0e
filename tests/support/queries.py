"""The tests' own queries (tests/cypher/, named `test/...`), loaded beside CYPHER_DIR's."""

from __future__ import annotations

from service.db.queries import Queries
from service.settings import PROJECT_ROOT, Settings

TESTS_CYPHER = PROJECT_ROOT / "tests" / "cypher"


def queries_with_tests(settings: Settings) -> Queries:
    return Queries(settings.cypher_dir, extra={"test": TESTS_CYPHER})
