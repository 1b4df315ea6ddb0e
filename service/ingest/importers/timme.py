"""TIMME PureP: 583 US politicians on Twitter (2019) and how they interact.

The folder holds tab-separated files with a header row (see its readme.md):
- `all_twitter_ids.csv` (`twitter_id`): the 583 accounts of the graph;
- `dict.csv` (`name, twitter_id, twitter_name, party`): names, handles and party (R, D, I);
- `friend_list.csv` (`follower, followee, count`): who follows whom;
- `retweet_list.csv` (`user_id, retweeted, count`), `mention_list.csv` (`user_id, mentioned,
  count`), `reply_list.csv` (`user_id, reply_to, count`), `favorite_list.csv` (`user_id,
  liked, count`): `user_id` acted on the other account `count` times.

Mapping: person `timme-<twitter_id>` with `attributes={"party": ...}`; one topic `politics`;
retweet → share, mention → mention, reply → reply, favorite → like, one interaction per
(user, other) pair with `count` = the number of acts, actor = `user_id` (who retweeted) and
target = the account acted on (who was retweeted, so who influenced the actor). Self-loops
(replying to or retweeting oneself: 1,854 rows) are skipped, since an interaction needs two
people. The data set has no timestamps: every interaction gets `TIMME_AT`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from service.ingest.importers import read_tsv
from service.ingest.records import (
    AnyRecord,
    FollowRecord,
    InteractionRecord,
    InteractionType,
    PersonRecord,
    TopicRecord,
)

TOPIC_ID = "politics"
TIMME_AT = datetime(2019, 1, 1, tzinfo=UTC)
PLATFORM = "twitter"

# source file, column naming the account acted on, source relation name, interaction type
_RELATIONS: tuple[tuple[str, str, str, InteractionType], ...] = (
    ("retweet_list.csv", "retweeted", "retweet", "share"),
    ("mention_list.csv", "mentioned", "mention", "mention"),
    ("reply_list.csv", "reply_to", "reply", "reply"),
    ("favorite_list.csv", "liked", "like", "like"),
)


def person_id(twitter_id: str) -> str:
    return f"timme-{twitter_id}"


def read_timme(folder: Path) -> Iterator[AnyRecord]:
    yield TopicRecord(id=TOPIC_ID, name="Politics")
    yield from _persons(folder)
    for row in read_tsv(folder / "friend_list.csv"):
        if row["follower"] != row["followee"]:
            yield FollowRecord(
                follower=person_id(row["follower"]), followee=person_id(row["followee"])
            )
    for filename, target_column, relation, kind in _RELATIONS:
        for row in read_tsv(folder / filename):
            actor, target = row["user_id"], row[target_column]
            if actor == target:
                continue
            yield InteractionRecord(
                id=f"timme-{relation}-{actor}-{target}",
                type=kind,
                actor=person_id(actor),
                target=person_id(target),
                topics=[TOPIC_ID],
                at=TIMME_AT,
                platform=PLATFORM,
                count=int(row["count"]),
            )


def _persons(folder: Path) -> Iterator[PersonRecord]:
    described = {row["twitter_id"]: row for row in read_tsv(folder / "dict.csv")}
    for row in read_tsv(folder / "all_twitter_ids.csv"):
        twitter_id = row["twitter_id"]
        about = described.get(twitter_id)
        if about is None:
            yield PersonRecord(id=person_id(twitter_id), name=twitter_id)
            continue
        yield PersonRecord(
            id=person_id(twitter_id),
            name=about["name"],
            handle=about["twitter_name"],
            attributes={"party": about["party"]},
        )
