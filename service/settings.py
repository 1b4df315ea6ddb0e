"""Every setting of the service, read from the environment and `.env`.

Nothing is read at import time: call `get_settings()` (cached) or build `Settings(...)`.
The README's configuration table is this class, field by field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # --- Neo4j connection -------------------------------------------------------------
    neo4j_uri: str | None = Field(
        default=None,
        description=(
            "Bolt URI of an existing Neo4j with GDS (bolt://, neo4j://, neo4j+s://...). "
            "Unset: the service uses the local Neo4j that `influence-graph neo4j start` runs."
        ),
    )
    neo4j_user: str = Field(default="neo4j", description="Neo4j user name.")
    neo4j_password: SecretStr = Field(
        default=SecretStr("influence-graph-local"),
        description="Neo4j password. For the local server it is set as the initial password.",
    )
    neo4j_database: str = Field(default="neo4j", description="Database to use.")
    neo4j_connect_timeout: float = Field(
        default=5.0, description="Seconds to wait for a Bolt connection before failing."
    )
    neo4j_retry_time: float = Field(
        default=10.0,
        description="Seconds a write (or read) is retried on transient errors before it fails.",
    )
    neo4j_query_timeout: float = Field(
        default=30.0, description="Server-side timeout, in seconds, of each read transaction."
    )

    # --- Local Neo4j (provisioned from Maven Central when NEO4J_URI is unset) ----------
    local_bolt_port: int = Field(default=7687, description="Bolt port of the local Neo4j.")
    local_http_port: int = Field(
        default=7474, description="HTTP (Browser) port of the local Neo4j."
    )
    local_heap: str = Field(default="2g", description="JVM heap of the local Neo4j.")
    local_pagecache: str = Field(default="1g", description="Page cache of the local Neo4j.")
    state_dir: Path = Field(
        default=PROJECT_ROOT / ".state" / "neo4j",
        description="Where the local Neo4j keeps its data, logs, config and pid file.",
    )
    cache_dir: Path = Field(
        default=Path.home() / ".cache" / "influence-graph",
        description="Download cache (Maven repository, Neo4j homes), outside the work tree.",
    )
    java_home: Path | None = Field(
        default=None, description="JDK for the local Neo4j (17 or 21). Unset: `java` on PATH."
    )
    local_start_timeout: float = Field(
        default=180.0, description="Seconds to wait for the local Neo4j to answer after start."
    )

    # --- Service ----------------------------------------------------------------------
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(default=8000, description="Port the HTTP server listens on.")
    graphiql: bool = Field(default=True, description="Serve GraphiQL at /graphql in a browser.")
    migrate_on_start: bool = Field(
        default=True, description="Apply constraints and indexes when the service starts."
    )
    cypher_dir: Path = Field(
        default=PROJECT_ROOT / "cypher", description="Folder of the .cypher query files."
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Log level."
    )

    # --- Influence analytics ----------------------------------------------------------
    weight_share: float = Field(default=1.0, ge=0, description="Weight of a share.")
    weight_quote: float = Field(default=1.0, ge=0, description="Weight of a quote.")
    weight_reply: float = Field(default=0.7, ge=0, description="Weight of a reply.")
    weight_comment: float = Field(default=0.7, ge=0, description="Weight of a comment.")
    weight_mention: float = Field(default=0.5, ge=0, description="Weight of a mention.")
    weight_like: float = Field(default=0.2, ge=0, description="Weight of a like.")
    analysis_half_life_days: float | None = Field(
        default=None,
        gt=0,
        description="Default time decay: an interaction this many days older than the end of "
        "the window counts half. Unset: no decay.",
    )
    analysis_projection: Literal["cypher", "native"] = Field(
        default="cypher",
        description="How a topic's graph is projected into GDS: one Cypher projection, or "
        "staged edges plus a native projection (measured slower; see the README).",
    )
    analysis_max_memory_bytes: int | None = Field(
        default=None,
        gt=0,
        description="Refuse an analysis whose GDS memory estimate exceeds this many bytes. "
        "Unset: the heap the server reports as available.",
    )
    analysis_concurrency: int = Field(
        default=4, ge=1, le=4, description="GDS concurrency (the open GDS caps it at 4)."
    )
    betweenness_exact_max_nodes: int = Field(
        default=5_000,
        ge=1,
        description="Betweenness is exact up to this many nodes, sampled above.",
    )
    betweenness_sample_size: int = Field(
        default=1_000, ge=1, description="Source nodes sampled for betweenness on big graphs."
    )
    job_lease_seconds: float = Field(
        default=60.0,
        gt=0,
        description="A running job whose worker has not renewed its lease for this long is "
        "taken back (re-queued, or failed after its last attempt).",
    )
    job_max_attempts: int = Field(
        default=3, ge=1, description="Runs of a job (first one and recoveries) before it fails."
    )
    worker_poll_interval: float = Field(
        default=2.0, gt=0, description="Seconds an idle worker waits before looking for jobs."
    )
    run_worker_in_api: bool = Field(
        default=False,
        description="Run an analysis worker inside the API process (for development).",
    )
    analysis_stage_pause: float = Field(
        default=0.0,
        ge=0,
        description="Seconds a worker pauses after each stage of a job: for demos and "
        "fault-injection tests only.",
    )

    @property
    def interaction_weights(self) -> dict[str, float]:
        return {
            "share": self.weight_share,
            "quote": self.weight_quote,
            "reply": self.weight_reply,
            "comment": self.weight_comment,
            "mention": self.weight_mention,
            "like": self.weight_like,
        }

    @field_validator("neo4j_uri", "java_home", "analysis_half_life_days",
                     "analysis_max_memory_bytes", mode="before")  # fmt: skip
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @property
    def uses_local_neo4j(self) -> bool:
        return self.neo4j_uri is None

    @property
    def bolt_uri(self) -> str:
        if self.neo4j_uri is not None:
            return self.neo4j_uri
        return f"bolt://127.0.0.1:{self.local_bolt_port}"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
