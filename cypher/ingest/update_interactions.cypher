// Bring interactions that already exist in line with their rows: properties, and the
// PERFORMED, TARGETS and ABOUT relationships moved when the actor, target or topics changed.
// Runs after ingest/create_interactions, in the same transaction, on the rows it reported as
// existing; rows without an interaction are ignored. A replay changes nothing.
// Parameters: $rows, a list of {id, type, actor, target, topics (list of ids), at (ISO-8601
// string), sentiment, platform, url, count, campaigns, tags}.
// Returns: one row per interaction whose actor, target, time or topics changed: id, formerActor,
// formerTarget (the pair it used to join), formerAt (ISO-8601), formerTopics (ids): what it
// was, whose relationship stages and campaign results it may have changed.
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
MATCH (actor:Person {id: row.actor})
MATCH (target:Person {id: row.target})
WITH i, row, actor, target, i.at AS formerAt,
     [(i)-[:ABOUT]->(t:Topic) | t.id] AS formerTopics
SET i.type = row.type, i.at = datetime(row.at), i.sentiment = row.sentiment,
    i.platform = row.platform, i.url = row.url, i.count = row.count,
    i.campaigns = row.campaigns, i.tags = row.tags
WITH i, row, actor, target, formerAt, formerTopics
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
WITH i, row, actor, target, formerActors, formerTargets, formerAt, formerTopics
CALL (i, row) {
  UNWIND row.topics AS topicId
  MATCH (t:Topic {id: topicId})
  MERGE (i)-[:ABOUT]->(t)
}
WITH i, row, actor, target, formerActors, formerTargets, formerAt, formerTopics
WHERE formerActors <> [] OR formerTargets <> [] OR formerAt <> i.at
   OR any(t IN formerTopics WHERE NOT t IN row.topics)
   OR any(t IN row.topics WHERE NOT t IN formerTopics)
RETURN i.id AS id, coalesce(formerActors[0], actor.id) AS formerActor,
       coalesce(formerTargets[0], target.id) AS formerTarget,
       toString(formerAt) AS formerAt, formerTopics
