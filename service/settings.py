"""Every setting of the service, read from the environment and `.env`.

Nothing is read at import time: call `get_settings()` (cached) or build `Settings(...)`.
The README's configuration table is this class, field by field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from service.settings_watch import WatchSettings
from service.webhook_settings import WebhookSettings

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(WebhookSettings, WatchSettings, BaseSettings):
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
        default=10.0, description="Seconds a query is retried on transient errors, from the first."
    )
    neo4j_query_timeout: float = Field(
        default=30.0, description="Server-side timeout, in seconds, of each read transaction."
    )
    neo4j_unavailable_cooldown: float = Field(
        default=1.0,
        description="Seconds queries fail at once (DATABASE_UNAVAILABLE) after Neo4j was found "
        "unreachable; then the next query tries again (the service recovers by itself).",
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
    # Neo4j's own default waits forever: a deadlock its detector missed would hang a writer.
    local_lock_timeout: int = Field(
        default=60, ge=1, description="Seconds the local Neo4j waits for a lock (then: retried)."
    )
    local_transaction_max_memory: str | None = Field(
        default=None,
        description=(
            "Memory one transaction may use on the local Neo4j (db.memory.transaction.max, "
            "e.g. 256m). Unset: Neo4j's default (no per-transaction limit)."
        ),
    )

    # --- Service ----------------------------------------------------------------------
    host: str = Field(default="127.0.0.1", description="Address the HTTP server binds to.")
    port: int = Field(default=8000, description="Port the HTTP server listens on.")
    profile: Literal["development", "production"] = Field(
        default="development",
        description=(
            "`production` forces ALLOW_ANONYMOUS, INTROSPECTION, GRAPHIQL, FIELD_SUGGESTIONS, "
            "METRICS_PUBLIC and WEBHOOK_ALLOW_PRIVATE_TARGETS off, whatever they are set to."
        ),
    )
    graphiql: bool = Field(default=True, description="Serve GraphiQL at /graphql in a browser.")
    migrate_on_start: bool = Field(
        default=True, description="Apply constraints and indexes when the service starts."
    )
    default_page_size: int = Field(
        default=20, ge=1, description="`first` when a client omits it (at most MAX_PAGE_SIZE)."
    )
    cypher_dir: Path = Field(
        default=PROJECT_ROOT / "cypher", description="Folder of the .cypher query files."
    )
    ingest_batch_size: int = Field(
        default=5000,
        ge=1,
        le=100_000,
        description="Records per transaction when loading files (`influence-graph load`).",
    )
    ingest_in_flight: int = Field(
        default=2,
        ge=1,
        le=16,
        description="Batches written at once when loading files, one transaction each.",
    )
    max_mutation_batch: int = Field(
        default=1000,
        ge=1,
        description="Most items one ingestion mutation (upsertPeople, ...) may carry.",
    )
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = Field(
        default="INFO", description="Log level."
    )
    json_logs: bool = Field(
        default=True, description="Log one JSON object per line (with request ids); else text."
    )
    tracing_enabled: bool = Field(
        default=False,
        description="Emit OpenTelemetry spans for GraphQL operations (needs the `otel` extra).",
    )
    otlp_endpoint: str | None = Field(
        default=None,
        description="OTLP/HTTP endpoint receiving spans, e.g. http://collector:4318/v1/traces.",
    )

    # --- Security: who may call, and how much one request may cost ------------------
    allow_anonymous: bool = Field(
        default=True,
        description="Serve requests without an API key (with ANONYMOUS_SCOPES). Off in production.",
    )
    anonymous_scopes: str = Field(
        default="read,write,analyze",
        description="Comma-separated scopes of a request without a key (never `admin`).",
    )
    api_key_cache_seconds: float = Field(
        default=5.0,
        description="How long a verified key is trusted without a database look-up; a revoked "
        "key stops working within this time.",
    )
    response_cache_seconds: float = Field(
        default=0.0,
        ge=0,
        description="How long a successful query response may be served again to callers with "
        "the same scopes sending the same request (0: no response cache). A mutation on this "
        "instance empties it; other writers show within this time.",
    )
    response_cache_entries: int = Field(
        default=1000, ge=0, description="Most responses the response cache keeps (LRU)."
    )
    response_cache_max_bytes: int = Field(
        default=1_000_000, ge=0, description="Largest response body the response cache keeps."
    )
    rate_limit_per_second: float = Field(
        default=10.0,
        gt=0,
        description="Requests per second a key (or an anonymous client address) may make, "
        "on average; a key's own --rate overrides it.",
    )
    rate_limit_burst: int = Field(
        default=40, gt=0, description="Requests a key may make at once before the rate applies."
    )
    max_depth: int = Field(default=10, description="Deepest field nesting of an operation.")
    max_aliases: int = Field(default=15, description="Aliases in an operation.")
    max_tokens: int = Field(default=2000, description="Lexical tokens in a GraphQL document.")
    max_cost: int = Field(
        default=50_000,
        description="Cost budget of one request (page sizes multiplied through nested lists).",
    )
    max_page_size: int = Field(
        default=100, ge=1, description="Largest `first`/`last` argument a request may pass."
    )
    default_list_size: int = Field(
        default=20,
        description="Items the cost model assumes for a list field without `first`/`last`.",
    )
    max_body_bytes: int = Field(
        default=1_048_576, description="Largest request body, in bytes (413 beyond)."
    )
    max_batch: int = Field(default=10, description="Operations in one batched request.")
    max_subscriptions_per_connection: int = Field(
        default=10, description="Active subscriptions on one WebSocket connection."
    )
    execution_timeout: float = Field(
        default=10.0,
        description="Seconds an operation may run; also caps each Neo4j read of the API.",
    )
    introspection: bool = Field(
        default=True, description="Answer introspection queries (__schema, __type)."
    )
    persisted_queries_file: Path | None = Field(
        default=None,
        description="JSON file mapping sha256 hashes to query texts: the persisted queries.",
    )
    persisted_queries_only: bool = Field(
        default=False,
        description="Run only the queries of PERSISTED_QUERIES_FILE (allow-list mode).",
    )

    # --- Request parsing and the production profile (issue 17) -----------------------
    max_nesting: int = Field(
        default=64, ge=2,
        description="Deepest bracket nesting of JSON (body, variables, WebSocket messages) and "
        "of a GraphQL document (NESTING_TOO_DEEP).",
    )  # fmt: skip
    max_literal_length: int = Field(
        default=8192, ge=16,
        description="Longest string literal or comment in a GraphQL document, in characters "
        "(LITERAL_TOO_LONG).",
    )  # fmt: skip
    field_suggestions: bool = Field(
        default=True,
        description='Keep graphql-core\'s "Did you mean ...?" in errors. Off in production.',
    )
    metrics_public: bool = Field(
        default=False,
        description="Serve /metrics to anyone; otherwise it needs a key with the `metrics` scope.",
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
    analysis_recency_half_life_days: float = Field(
        default=7.0,
        gt=0,
        description="Half-life of the `recency` component (recency-weighted resonance): "
        "engagement this many days older than the window end (or as_of) counts half.",
    )
    analysis_momentum_recent_share: float = Field(
        default=0.25,
        gt=0,
        lt=1,
        description="The `momentum` component compares the engagement received in this last "
        "share of the window with the part before it.",
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
    analysis_signal_reads: int = Field(
        default=2, ge=1, le=16, description="Signal reads (of 5,000 people) a job runs at once."
    )
    analysis_write_batch: int = Field(
        default=5_000,
        ge=1,
        description="Rows of an analysis's results per write transaction (scores, communities, "
        "memberships; for influence edges, the engagers whose edges one transaction writes). "
        "Each transaction must fit in the server's transaction memory.",
    )
    analysis_cleanup_batch: int = Field(
        default=5_000,
        ge=1,
        description="Elements of each kind (influence edges, scores, memberships) a stale "
        "generation of results loses per delete transaction, in the worker's background "
        "clean-up. A batch over the server's transaction memory is retried in quarters.",
    )
    analysis_batch_pause: float = Field(
        default=0.0,
        ge=0,
        description="Seconds a worker pauses after each batch of results it writes: for "
        "fault-injection tests only.",
    )
    analysis_stage_pause: float = Field(
        default=0.0,
        ge=0,
        description="Seconds a worker pauses after each stage of a job: for demos and "
        "fault-injection tests only.",
    )

    # --- Issue 17 (h-17b): job floods, input validation, per-request CPU -----------------
    max_active_jobs_per_key: int = Field(
        default=5,
        ge=1,
        description="Analysis jobs one API key (or the anonymous client) may have queued or "
        "running at once; `runAnalysis` beyond it is TOO_MANY_JOBS. A repeat of a queued or "
        "running analysis (same topic and options) returns that job and does not count.",
    )
    # --- Issue 18 (h-18d): large shortlists run as jobs ------------------------------------
    shortlist_inline_max_edges: int = Field(
        default=50_000,
        ge=0,
        description="A SPREAD or BALANCED campaignShortlist whose topics have more influence "
        "edges than this (current results) is not computed inline: the query answers "
        "SHORTLIST_NEEDS_JOB and `startShortlist` queues it as a job (docs/shortlist.md).",
    )
    allow_any_timestamp: bool = Field(
        default=False,
        description="Accept interaction and record times before 1900 or after 2100 (refused "
        "by default as almost certainly wrong).",
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

    @field_validator("neo4j_uri", "java_home", "persisted_queries_file",
                     "analysis_half_life_days", "analysis_max_memory_bytes",
                     mode="before")  # fmt: skip
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        return None if value == "" else value

    @model_validator(mode="after")
    def _default_page_fits(self) -> Settings:
        # Otherwise every call without `first` is refused with an error blaming `first`.
        if self.default_page_size > self.max_page_size:
            raise ValueError(
                f"DEFAULT_PAGE_SIZE ({self.default_page_size}) must not exceed "
                f"MAX_PAGE_SIZE ({self.max_page_size})"
            )
        return self

    @model_validator(mode="after")
    def _production_is_locked_down(self) -> Settings:
        if self.profile == "production":
            self.allow_anonymous = False
            self.introspection = False
            self.graphiql = False
            self.field_suggestions = False
            self.metrics_public = False
            self.webhook_allow_private_targets = False
        return self

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
