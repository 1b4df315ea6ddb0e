// Bring interactions that already exist in line with their rows: properties, and the
// PERFORMED, TARGETS and ABOUT relationships moved when the actor, target or topics changed.
// Runs after ingest/create_interactions, in the same transaction, on the rows it reported as
// existing; rows without an interaction are ignored. A replay changes nothing.
// Parameters: $rows, a list of {id, type, actor, target, topics (list of ids), at (ISO-8601
// string), sentiment, platform, url, count, campaigns, tags}.
// Returns: one row per interaction whose actor or target moved: formerActor, formerTarget
// (the pair it used to join, whose relationship stages it may have changed).
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
MATCH (actor:Person {id: row.actor})
MATCH (target:Person {id: row.target})
SET i.type = row.type, i.at = datetime(row.at), i.sentiment = row.sentiment,
    i.platform = row.platform, i.url = row.url, i.count = row.count,
    i.campaigns = row.campaigns, i.tags = row.tags
WITH i, row, actor, target
CALL (i, actor) {
  OPTIONAL MATCH (other:Person)-[old:PERFORMED]->(i)
  WHERE other <> actor
  DELETE old
  RETURN collect(other.id) AS formerActors
}
CALL (i, target) {
  OPTIONAL MATCH (i)-[old:TARGETS]->(other:Person)
  WHERE other <> target
  DELETE old
  RETURN collect(other.id) AS formerTargets
}
CALL (i, row) {
  MATCH (i)-[old:ABOUT]->(t:Topic)
  WHERE NOT t.id IN row.topics
  DELETE old
}
MERGE (actor)-[:PERFORMED]->(i)
MERGE (i)-[:TARGETS]->(target)
WITH i, row, actor, target, formerActors, formerTargets
CALL (i, row) {
  UNWIND row.topics AS topicId
  MATCH (t:Topic {id: topicId})
  MERGE (i)-[:ABOUT]->(t)
}
WITH actor, target, formerActors, formerTargets
WHERE formerActors <> [] OR formerTargets <> []
RETURN coalesce(formerActors[0], actor.id) AS formerActor,
       coalesce(formerTargets[0], target.id) AS formerTarget
