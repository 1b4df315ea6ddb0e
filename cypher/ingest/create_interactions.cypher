// Create the interactions of the rows that do not exist yet, each as
// (actor)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(target) and (i)-[:ABOUT]->(topic) per
// topic. The node is MERGEd on its id (safe against a concurrent writer); its relationships
// are CREATEd (cheap) only when it has none yet. Rows whose interaction already existed are
// returned, for ingest/update_interactions in the same transaction.
// People and topics must exist (the loader checks it before writing).
// Parameters: $rows, a list of {id, type, actor, target, topics (list of ids), at (ISO-8601
// string), sentiment, platform, url, count}.
// Returns: one row, created (count) and existing (ids of the rows left to update).
UNWIND $rows AS row
MATCH (actor:Person {id: row.actor})
MATCH (target:Person {id: row.target})
MERGE (i:Interaction {id: row.id})
ON CREATE SET i.type = row.type, i.at = datetime(row.at), i.sentiment = row.sentiment,
              i.platform = row.platform, i.url = row.url, i.count = row.count
WITH i, row, actor, target, EXISTS { (i)<-[:PERFORMED]-() } AS existed
CALL (i, row, actor, target, existed) {
  WITH * WHERE NOT existed
  CREATE (actor)-[:PERFORMED]->(i)-[:TARGETS]->(target)
  WITH i, row
  UNWIND row.topics AS topicId
  MATCH (t:Topic {id: topicId})
  CREATE (i)-[:ABOUT]->(t)
}
RETURN count(CASE WHEN NOT existed THEN 1 END) AS created,
       collect(CASE WHEN existed THEN row.id END) AS existing
