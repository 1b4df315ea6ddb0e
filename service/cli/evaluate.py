"""`influence-graph evaluate`: back-test a topic's ranking in the foreground (queued as a job,
run here with a progress bar, like `analyze`), then print how each ranking foretold the
horizon after the split, a table per target."""

from __future__ import annotations

import sys

import click

from service.analytics import backtest_summary
from service.analytics.backtest_request import TARGETS, BacktestInputError
from service.analytics.options import AnalysisError
from service.analytics.queue import enqueue_backtest
from service.cli.database import with_database
from service.cli.errors import EXIT_INVALID_INPUT, CliError
from service.cli.job_progress import run_in_foreground
from service.db.database import Database
from service.db.evaluations import evaluation_by_id
from service.models import Evaluation
from service.settings import get_settings


@click.command()
@click.option("--topic", required=True, help="Topic id to back-test.")
@click.option("--split-at", "split_at", required=True,
              help="ISO 8601 date or time (no zone: UTC), or +N: N days after the topic's "
              "first interaction. The ranking is made from what happened before it.")  # fmt: skip
@click.option("--horizon", default="7d", show_default=True,
              help="How long after the split to measure: 7d, 36h, 2w, or days.")  # fmt: skip
@click.option("--k", "k", type=int, default=100, show_default=True, help="Top k compared.")
@click.option("--target", default="engagement", show_default=True,
              help=f"What the rankings are measured against: {', '.join(TARGETS)}.")  # fmt: skip
@click.option("--calibrate", is_flag=True,
              help="Choose the topic's blend weights on the last quarter of the training window "
              "and store them on the topic.")  # fmt: skip
def evaluate(topic: str, split_at: str, horizon: str, k: int, target: str, calibrate: bool) -> None:
    """Back-test a topic's ranking (queued as a job, run here); the topic's results stay."""
    from service.analytics.worker import Worker

    settings = get_settings()

    async def body(database: Database) -> bool:
        try:
            job = await enqueue_backtest(
                database, topic, split_at=split_at, horizon=horizon, k=k, target=target,
                calibrate=calibrate, settings=settings,
            )  # fmt: skip
        except (BacktestInputError, AnalysisError) as exc:
            raise CliError(str(exc), EXIT_INVALID_INPUT) from None
        worker = Worker(database, settings)
        try:
            if await run_in_foreground(worker, job, f"Back-testing {topic}") is None:
                return False
        finally:
            await worker.aclose()
        evaluation = await evaluation_by_id(database, job.id)
        assert evaluation is not None
        _print(evaluation, target)
        return True

    if not with_database(body, settings):
        sys.exit(1)


def _print(evaluation: Evaluation, target: str) -> None:
    """The headline, a table per target (the requested one first), the calibrated weights."""
    click.echo(f"{evaluation.topic}: back-test {evaluation.id}")
    click.echo(backtest_summary.headline(evaluation))
    for name in (target, *(t for t in TARGETS if t != target)):
        click.echo(f"\nagainst {name} received in the horizon:")
        for line in backtest_summary.table(evaluation, name):
            click.echo("  " + line)
    calibration = evaluation.figures.get("calibration")
    if calibration:
        weights = ", ".join(f"{c} {w:g}" for c, w in calibration["weights"].items())
        click.echo(
            f"\ncalibrated weights: {weights} ({calibration['metric']} "
            f"{calibration['value']:.3f} on the validation horizon, defaults "
            f"{calibration['defaultValue']:.3f})"
        )
