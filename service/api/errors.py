"""The registry of error codes a client can see, and the errors that carry them.

Every error in a response carries `extensions.code`, one of `CODES`: the code names what went
wrong, `status` is the HTTP status it is answered with (see `ErrorCode.status`), `fields` are
the other `extensions` it always carries and `optional` those it carries when they apply.
docs/api.md's table of codes is generated from this module (`make docs`), and
tests/unit/test_error_registry.py fails when code raises a code that is not here, when a code
here is raised nowhere, or when the table differs.

Anything else raised in a resolver is unexpected: it is masked as INTERNAL_ERROR, with the
request id that the log line carries too (see extensions.ErrorShaping).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from graphql import GraphQLError

from service.models import InputRefused

T = TypeVar("T")


class Stage(Enum):
    """Where a request fails, which decides its HTTP status."""

    REQUEST = "request"  # refused before GraphQL runs: the code's own status
    DOCUMENT = "document"  # the document is refused before it runs (GraphQL over HTTP)
    FIELD = "field"  # a field failed while the operation ran; the others still answer
    SOCKET = "socket"  # an operation on a WebSocket is refused with an `error` message


@dataclass(frozen=True)
class ErrorCode:
    name: str
    stage: Stage
    meaning: str
    fields: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    http_status: int = 200  # the status when the request is refused before GraphQL runs

    def __str__(self) -> str:
        return self.name

    @property
    def status(self) -> str:
        """The status as docs/api.md states it."""
        if self.stage is Stage.REQUEST:
            return str(self.http_status)
        if self.stage is Stage.DOCUMENT:
            return "200 (400 with `Accept: application/graphql-response+json`)"
        if self.stage is Stage.SOCKET:
            return "none (a WebSocket `error` message)"
        if self.http_status != 200:
            return f"200; {self.http_status} when refused before GraphQL runs"
        return "200"

    def extensions(self, **values: Any) -> dict[str, Any]:
        """`{"code": ..., **values}`, with `values` checked against the declared fields."""
        missing = set(self.fields) - values.keys()
        unknown = values.keys() - set(self.fields) - set(self.optional)
        if missing or unknown:
            raise ValueError(f"{self.name}: missing {sorted(missing)}, unknown {sorted(unknown)}")
        return {"code": self.name, **values}

    def error(self, message: str, **values: Any) -> GraphQLError:
        """A GraphQL error with this code, for results and WebSocket messages."""
        return GraphQLError(message, extensions=self.extensions(**values))


def _code(name: str, stage: Stage, meaning: str, *fields: str, **options: Any) -> ErrorCode:
    return ErrorCode(name, stage, meaning, fields, **options)


R, D, F, S = Stage.REQUEST, Stage.DOCUMENT, Stage.FIELD, Stage.SOCKET
BODY_TOO_LARGE = _code(
    "BODY_TOO_LARGE", R, "The request body is over MAX_BODY_BYTES.", "limit", http_status=413
)
UNAUTHENTICATED = _code(
    "UNAUTHENTICATED", R, "No API key where one is required, or one that is unknown, malformed "
    "or revoked (`WWW-Authenticate: Bearer`); a WebSocket is closed with 4401 at the handshake, "
    "4403 at `connection_init`.",
    http_status=401,
)  # fmt: skip
RATE_LIMITED = _code(
    "RATE_LIMITED", R, "Over the key's (or anonymous address's) token bucket; `Retry-After` says "
    "when to retry. A WebSocket is closed with 4429 at the handshake or `connection_init`; an "
    "operation on an open socket gets this error in an `error` message.",
    "limit", "burst", "retryAfter", http_status=429,
)  # fmt: skip
DATABASE_UNAVAILABLE = _code(
    "DATABASE_UNAVAILABLE", F, "Neo4j cannot be reached; retry later. Before GraphQL runs "
    "(the API key cannot be checked) the request is refused with 503, a WebSocket closed with "
    "1013.",
    optional=("requestId",),
    http_status=503,
)  # fmt: skip
BATCH_TOO_LARGE = _code(
    "BATCH_TOO_LARGE", R, "A batch holds more than MAX_BATCH operations.",
    "limit", "operations", http_status=400,
)  # fmt: skip
MAX_TOKENS_EXCEEDED = _code(
    "MAX_TOKENS_EXCEEDED", R, "The document has more than MAX_TOKENS lexical tokens.",
    "limit", "tokens", http_status=400,
)  # fmt: skip
PERSISTED_QUERY_NOT_FOUND = _code(
    "PERSISTED_QUERY_NOT_FOUND", R, "The hash is not known yet: send the query with it once.",
    http_status=200,
)  # fmt: skip
PERSISTED_QUERY_HASH_MISMATCH = _code(
    "PERSISTED_QUERY_HASH_MISMATCH", R, "The query does not hash to the hash sent with it.",
    http_status=400,
)  # fmt: skip
PERSISTED_QUERY_NOT_ALLOWED = _code(
    "PERSISTED_QUERY_NOT_ALLOWED", R, "Only allow-listed queries run (PERSISTED_QUERIES_ONLY).",
    http_status=400,
)  # fmt: skip
INTROSPECTION_DISABLED = _code(
    "INTROSPECTION_DISABLED", D, "Introspection is off on this server (INTROSPECTION)."
)
INTROSPECTION_TOO_COMPLEX = _code(
    "INTROSPECTION_TOO_COMPLEX", D, "An introspection query nests past 15 fields or 3 lists.",
    "limit", "depth", "listLimit", "listNesting",
)  # fmt: skip
MAX_DEPTH_EXCEEDED = _code(
    "MAX_DEPTH_EXCEEDED", D, "The operation nests deeper than MAX_DEPTH.", "limit", "depth"
)
MAX_ALIASES_EXCEEDED = _code(
    "MAX_ALIASES_EXCEEDED", D, "More than MAX_ALIASES aliases (a fragment's count at each spread).",
    "limit", "aliases",
)  # fmt: skip
MAX_COST_EXCEEDED = _code(
    "MAX_COST_EXCEEDED", D, "The request would cost more than MAX_COST.", "cost", "limit"
)
PAGE_SIZE_EXCEEDED = _code(
    "PAGE_SIZE_EXCEEDED", D, "A list argument asks for more than MAX_PAGE_SIZE items; checked "
    "on the document, and again on the value a field receives.",
    "limit", "requested", "argument", optional=("field",),
)  # fmt: skip
FORBIDDEN = _code(
    "FORBIDDEN", D, "The caller's key lacks the scope a root field needs.",
    "field", optional=("requiredScope",),
)  # fmt: skip
MAX_SUBSCRIPTIONS_EXCEEDED = _code(
    "MAX_SUBSCRIPTIONS_EXCEEDED", S, "A WebSocket already runs MAX_SUBSCRIPTIONS_PER_CONNECTION "
    "operations.",
    "limit", "subscriptions",
)  # fmt: skip
INVALID_ARGUMENT = _code(
    "INVALID_ARGUMENT", F, "An argument's value is refused; `argument` names it.",
    "argument", optional=("arguments", "allowed"),
)  # fmt: skip
NOT_FOUND = _code(
    "NOT_FOUND", F, "The person, topic or job named does not exist.",
    optional=("argument", "id", "person", "topic"),
)  # fmt: skip
TOPIC_NOT_ANALYSED = _code(
    "TOPIC_NOT_ANALYSED", F, "The topic has no results yet: run `runAnalysis(topic: ...)`.", "topic"
)
RESULTS_REPLACED = _code(
    "RESULTS_REPLACED", F, "A newer analysis replaced the results this page was read from.",
    "jobId", "topic",
)  # fmt: skip
TIMEOUT = _code(
    "TIMEOUT", F, "The operation ran past EXECUTION_TIMEOUT (`limit`), or its query past "
    "NEO4J_QUERY_TIMEOUT in Neo4j (`requestId`); ask for less.",
    optional=("limit", "requestId"),
)  # fmt: skip
MEMORY_LIMIT_EXCEEDED = _code(
    "MEMORY_LIMIT_EXCEEDED", F, "A query needs more memory than Neo4j allows a transaction "
    "(never retried); ask for less.",
    "requestId",
)  # fmt: skip
# --- Issue 17 (h-17b): job floods ----------------------------------------------------------
TOO_MANY_JOBS = _code(
    "TOO_MANY_JOBS", F, "The key already has MAX_ACTIVE_JOBS_PER_KEY analysis jobs queued or "
    "running; wait for one to finish (a repeat of a queued analysis returns that job instead).",
    "limit", "active",
)  # fmt: skip
# --- Issue 18 (h-18d): shortlists too large to answer inline ------------------------------
SHORTLIST_NEEDS_JOB = _code(
    "SHORTLIST_NEEDS_JOB", F, "A SPREAD or BALANCED shortlist whose topics have more influence "
    "edges (`edges`) than the inline limit (`limit`, SHORTLIST_INLINE_MAX_EDGES): queue it with "
    "`startShortlist(brief)` and read `job(id) { shortlist }`.",
    "edges", "limit",
)  # fmt: skip
INTERNAL_ERROR = _code(
    "INTERNAL_ERROR",
    F,
    "An unexpected failure, masked; `requestId` is also the `X-Request-ID` "
    "header and the log has the full error under it.",
    "requestId",
)

# --- Request parsing (service/http/request_parsing.py) and graphql-core's own errors --------
BAD_REQUEST = _code(
    "BAD_REQUEST", R, "The body, query string or WebSocket message is not a GraphQL request: "
    "not UTF-8, not JSON, not an object (or a list of objects), `query`, `variables`, "
    "`extensions` or `operationName` of the wrong type, or no query. A WebSocket is closed "
    "with 4400.",
    optional=("field",), http_status=400,
)  # fmt: skip
NESTING_TOO_DEEP = _code(
    "NESTING_TOO_DEEP", R, "JSON (the body, `variables`, `extensions`, a WebSocket message) or "
    "the GraphQL document nests brackets deeper than MAX_NESTING. A WebSocket is closed with "
    "4400.",
    "limit", http_status=400,
)  # fmt: skip
LITERAL_TOO_LONG = _code(
    "LITERAL_TOO_LONG", R, "A string literal or comment of the GraphQL document is longer than "
    "MAX_LITERAL_LENGTH characters (send large values as variables).",
    "limit", "length", http_status=400,
)  # fmt: skip
METHOD_NOT_ALLOWED = _code(
    "METHOD_NOT_ALLOWED", R, "/graphql takes GET and POST (`Allow`); a mutation takes POST only.",
    http_status=405,
)  # fmt: skip
UNSUPPORTED_MEDIA_TYPE = _code(
    "UNSUPPORTED_MEDIA_TYPE", R, "A POST body that is not `application/json`.", http_status=415
)
SUBSCRIPTION_OVER_HTTP = _code(
    "SUBSCRIPTION_OVER_HTTP", R, "A subscription sent by GET or POST: subscriptions run on the "
    "WebSocket (graphql-transport-ws) only.",
    http_status=400,
)  # fmt: skip
WS_MESSAGE_TOO_LARGE = _code(
    "WS_MESSAGE_TOO_LARGE", S, "A WebSocket message over MAX_BODY_BYTES: the socket is closed "
    "with 1009 and this code as the reason.",
)  # fmt: skip
METRICS_FORBIDDEN = _code(
    "METRICS_FORBIDDEN", R, "/metrics needs a key with the `metrics` scope (unless "
    "METRICS_PUBLIC, never in production).",
    http_status=403,
)  # fmt: skip
GRAPHQL_PARSE_FAILED = _code("GRAPHQL_PARSE_FAILED", D, "The document is not valid GraphQL syntax.")
GRAPHQL_VALIDATION_FAILED = _code(
    "GRAPHQL_VALIDATION_FAILED", D, "The document does not validate against the schema "
    "(unknown field or argument, fragment cycle, wrong argument type...).",
)  # fmt: skip
BAD_VARIABLES = _code(
    "BAD_VARIABLES", D, "A variable's value does not coerce to its declared type, or a required "
    "one is missing.",
)  # fmt: skip

CODES: dict[str, ErrorCode] = {c.name: c for c in globals().values() if isinstance(c, ErrorCode)}


class ApiError(Exception):
    """An error a client can act on: raised in a resolver, shown unmasked with its code."""

    def __init__(self, code: ErrorCode, message: str, **details: Any) -> None:
        super().__init__(message)
        self.code = code
        self.extensions: dict[str, Any] = code.extensions(**details)


class Rejection(Exception):
    """A request refused before GraphQL runs, answered with its code's HTTP status."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        headers: dict[str, str] | None = None,
        **details: Any,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = code.http_status
        self.headers = headers or {}
        self.extensions = code.extensions(**details)

    def body(self) -> dict[str, Any]:
        return {"errors": [{"message": self.message, "extensions": self.extensions}]}

    def error(self) -> GraphQLError:
        """The same refusal as a GraphQL error (for a WebSocket message)."""
        return GraphQLError(self.message, extensions=self.extensions)


def not_found(message: str, **details: Any) -> ApiError:
    return ApiError(NOT_FOUND, message, **details)


def invalid_argument(message: str, argument: str, **details: Any) -> ApiError:
    return ApiError(INVALID_ARGUMENT, message, argument=argument, **details)


async def refusing_bad_input(run: Callable[[], Awaitable[T]]) -> T:
    """Run a domain call; a value it refuses (InputRefused) is INVALID_ARGUMENT naming the
    argument, with the domain's message."""
    try:
        return await run()
    except InputRefused as exc:
        raise invalid_argument(exc.message, exc.argument) from None


def require_one_of(argument: str, value: str | None, allowed: Sequence[str]) -> None:
    """INVALID_ARGUMENT naming `argument` and listing `allowed` when `value` is not one of
    them: a misspelt value must not read as an empty result."""
    if value is not None and value not in allowed:
        raise invalid_argument(
            f"`{argument}` is {value!r}; it must be one of: {', '.join(allowed)}.",
            argument,
            allowed=list(allowed),
        )


def markdown_table() -> str:
    """The table of codes in docs/api.md."""
    lines = ["| code | HTTP status | extensions | meaning |", "|---|---|---|---|"]
    for code in CODES.values():
        fields = [f"`{f}`" for f in code.fields] + [f"`{f}`?" for f in code.optional]
        lines.append(
            f"| `{code.name}` | {code.status} | {', '.join(fields) or '-'} | {code.meaning} |"
        )
    return "\n".join(lines) + "\n"
