"""Saying how a back-test went, in one sentence a marketer reads beside a ranking, and the rows
of its table. Pure functions over an Evaluation's figures."""

from __future__ import annotations

from typing import Any

from service.models import Evaluation

NEVER_TESTED = (
    "This topic has never been back-tested: nothing yet shows how well its ranking foretells "
    "who will be engaged with next (run `influence-graph evaluate` or runEvaluation)."
)
_WHAT = {"engagement": "most engaged-with people", "shares": "most shared people"}


def _days(horizon_days: float) -> str:
    if horizon_days == int(horizon_days):
        n = int(horizon_days)
        return "day's" if n == 1 else f"{n} days'"
    return f"{horizon_days:g} days'"


def row(evaluation: Evaluation, ranking: str, target: str | None = None) -> dict[str, Any] | None:
    """The figures of one ranking against `target` (the evaluation's own by default)."""
    wanted = target or evaluation.figures.get("target")
    for r in evaluation.figures.get("rows", []):
        if r["ranking"] == ranking and r["target"] == wanted:
            return dict(r)
    return None


def headline(evaluation: Evaluation | None) -> str:
    """`the top 50 caught 17 of the next 30 days' 50 most engaged-with people; counting
    engagement caught 16 (back-test of 2026-03-01, split 2026-02-01)`, or NEVER_TESTED."""
    if evaluation is None:
        return NEVER_TESTED
    params, figures = evaluation.params, evaluation.figures
    k, target = int(figures["k"]), str(figures["target"])
    score = row(evaluation, "score")
    baseline = row(evaluation, "engagementCount")
    if score is None:
        return NEVER_TESTED
    text = (
        f"In the last back-test the top {k} caught {score['overlap']} of the next "
        f"{_days(float(params['horizonDays']))} {score['relevant']} {_WHAT.get(target, target)}"
    )
    if baseline is not None:
        text += f"; counting engagement caught {baseline['overlap']}"
    calibrated = row(evaluation, "calibrated")
    if calibrated is not None:
        text += f"; the calibrated blend caught {calibrated['overlap']}"
    reachable = figures.get("reachable")
    if reachable is not None and reachable < score["relevant"]:
        text += f"; only {reachable} of them were active before the split"
    split = str(params["splitAt"])[:10]
    return text + f" (split at {split}, run {evaluation.finished_at.date().isoformat()})."


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _interval(value: list[float] | None) -> str:
    return "" if not value else f" [{value[0]:.3f}, {value[1]:.3f}]"


def table(evaluation: Evaluation, target: str) -> list[str]:
    """One aligned line per ranking: name, kind, overlap@k, NDCG@k (and interval), Spearman."""
    rows = [r for r in evaluation.figures.get("rows", []) if r["target"] == target]
    k = evaluation.figures["k"]
    cells = [("ranking", "kind", f"overlap@{k}", f"NDCG@{k}", "Spearman")]
    for r in rows:
        cells.append(
            (
                r["ranking"],
                r["kind"],
                f"{r['overlap']}/{r['relevant']}",
                _number(r["ndcg"]) + _interval(r.get("ndcgInterval")),
                _number(r["spearman"]) + _interval(r.get("spearmanInterval")),
            )
        )
    widths = [max(len(c[i]) for c in cells) for i in range(5)]
    return ["  ".join(c[i].ljust(widths[i]) for i in range(5)).rstrip() for c in cells]
