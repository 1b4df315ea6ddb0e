"""Observability: Prometheus metrics, JSON logs with request ids, optional OpenTelemetry."""
