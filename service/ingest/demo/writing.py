"""Writing a demo data set: its records as NDJSON, and beside them (`<path>.planted.json`)
the planted facts, which name the people a correct analysis must surface."""

from __future__ import annotations

import json
from pathlib import Path

from service.ingest.demo.dataset import DemoData


def planted_facts(data: DemoData) -> dict[str, object]:
    """What was planted, as JSON-ready data: the roles by id, the communities, and a short
    description of every planted person."""
    planted = data.planted
    persons = {p.id: p for p in data.persons}
    roles = _roles(data)
    members: dict[int, list[str]] = {i: [] for i in range(len(planted.community_labels))}
    for pid, community in planted.communities.items():
        members[community].append(pid)
    return {
        "seed": data.seed,
        "counts": {
            "topics": len(data.topics),
            "persons": len(data.persons),
            "follows": len(data.follows),
            "interactions": len(data.interactions),
            "represents": len(data.brand.represents),
        },
        "opinion_leaders": planted.opinion_leaders,
        "celebrity": planted.celebrity,
        "ambassadors": planted.ambassadors,
        "detractors": planted.detractors,
        "bridges": planted.bridges,
        "brand": {
            "id": data.brand.id,
            "name": data.brand.name,
            "topic": data.brand.topic,
            "officials": data.brand.officials,
            "executives": data.brand.executives,
            "employees": data.brand.employees,
            "advocates": data.brand.advocates,
        },
        "people": {
            pid: {
                "name": persons[pid].name,
                "handle": persons[pid].handle,
                "personKind": persons[pid].person_kind,
                "followers": persons[pid].followers,
                "community": planted.communities[pid],
                "roles": r,
            }
            for pid, r in roles.items()
        },
        "communities": {
            str(i): {"label": planted.community_labels[i], "members": ids}
            for i, ids in members.items()
        },
    }


def _roles(data: DemoData) -> dict[str, list[str]]:
    """Person id -> what they were planted as, in planting order."""
    planted = data.planted
    roles: dict[str, list[str]] = {}
    for topic, pid in planted.opinion_leaders.items():
        roles.setdefault(pid, []).append(f"opinion leader on {topic}")
    roles.setdefault(planted.celebrity, []).append("celebrity (largest audience, barely engaged)")
    for topic, ids in planted.ambassadors.items():
        for pid in ids:
            roles.setdefault(pid, []).append(f"ambassador on {topic}")
    for topic, pid in planted.detractors.items():
        roles.setdefault(pid, []).append(f"detractor on {topic}")
    for pid in planted.bridges:
        roles.setdefault(pid, []).append("bridge between communities")
    return roles


def planted_path(path: Path) -> Path:
    """The sidecar file holding the planted facts of the NDJSON file at `path`."""
    return path.with_name(path.name + ".planted.json")


def write_planted(data: DemoData, path: Path) -> Path:
    """Write the planted facts next to the NDJSON file at `path`; returns the sidecar's path."""
    sidecar = planted_path(path)
    text = json.dumps(planted_facts(data), ensure_ascii=False, indent=2)
    sidecar.write_text(text + "\n", encoding="utf-8")
    return sidecar


def write_ndjson(data: DemoData, path: Path) -> int:
    """Write every record as one JSON line (and the planted facts beside it); returns the
    number of lines written."""
    lines = 0
    with path.open("w", encoding="utf-8", newline="\n") as out:
        for record in data.records():
            obj = record.model_dump(mode="json", by_alias=True, exclude_none=True)
            out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
            out.write("\n")
            lines += 1
    write_planted(data, path)
    return lines
