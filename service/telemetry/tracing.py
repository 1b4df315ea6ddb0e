"""Optional OpenTelemetry tracing of GraphQL operations, switched on by TRACING_ENABLED."""

from __future__ import annotations

from typing import Any

from service.settings import Settings


def tracing_extensions(settings: Settings) -> list[Any]:
    """The strawberry extensions that emit spans, or none when tracing is off."""
    if not settings.tracing_enabled:
        return []
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from strawberry.extensions.tracing import OpenTelemetryExtension

    if not isinstance(trace.get_tracer_provider(), TracerProvider):
        provider = TracerProvider(resource=Resource.create({"service.name": "influence-graph"}))
        if settings.otlp_endpoint:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.trace.export import BatchSpanProcessor

            provider.add_span_processor(
                BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint))
            )
        trace.set_tracer_provider(provider)
    return [OpenTelemetryExtension]
