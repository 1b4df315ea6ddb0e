"""Running a queued job in the foreground of a command, with a progress bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.progress import BarColumn, Progress, TextColumn

from service.cli.database import console

if TYPE_CHECKING:
    from service.analytics.worker import Worker
    from service.models import Job


async def run_in_foreground(worker: Worker, job: Job, label: str) -> Job | None:
    """Run `job` on `worker` here under a bar titled `label`: the finished job if it
    succeeded, else None after printing its status and why (the error, or that another
    worker took it)."""
    with Progress(
        TextColumn("{task.description}"), BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"), TextColumn("{task.fields[stage]}"),
        console=console,
    ) as bar:  # fmt: skip
        task = bar.add_task(label, total=1.0, stage="queued")
        done = await worker.run_once(
            job.id, listener=lambda stage, p: bar.update(task, completed=p, stage=stage)
        )
    if done is None or done.status != "succeeded":
        reason = done.error if done else "the job was taken by another worker"
        console.print(f"[red]{job.topic}: {done.status if done else '?'}[/] {reason}")
        return None
    return done
