// Bench baseline (bench/ingest.py): one interaction in its own transaction, the simplest
// correct write a per-row driver loop would do.
// Parameters: $id, $type, $actor, $target, $topic, $at (ISO-8601 string), $sentiment,
// $platform, $count. Returns: id.
MATCH (actor:Person {id: $actor})
MATCH (target:Person {id: $target})
MATCH (t:Topic {id: $topic})
MERGE (i:Interaction {id: $id})
SET i.type = $type, i.at = datetime($at), i.sentiment = $sentiment, i.platform = $platform,
    i.count = $count
MERGE (actor)-[:PERFORMED]->(i)
MERGE (i)-[:TARGETS]->(target)
MERGE (i)-[:ABOUT]->(t)
RETURN i.id AS id
