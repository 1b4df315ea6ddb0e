// Create or update interactions: (actor)-[:PERFORMED]->(i)-[:TARGETS]->(target) and
// (i)-[:ABOUT]->(topic) for each topic. A new interaction gets its relationships with CREATE
// (cheap: the node was just created under the MERGE lock); an existing one is reconciled, so
// a changed actor, target or topic list moves the relationships and a replay changes nothing.
// People and topics must exist (the loader checks it first).
// Parameters: $rows, a list of {id, type, actor, target, topics (list of ids), at (ISO-8601
// string), sentiment, platform, url, count}. Returns: written (count).
UNWIND $rows AS row
MATCH (actor:Person {id: row.actor})
MATCH (target:Person {id: row.target})
MERGE (i:Interaction {id: row.id})
SET i.type = row.type, i.at = datetime(row.at), i.sentiment = row.sentiment,
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
CALL (i, actor, existed) {
  WITH * WHERE existed
  MATCH (other:Person)-[old:PERFORMED]->(i)
  WHERE other <> actor
  DELETE old
}
CALL (i, target, existed) {
  WITH * WHERE existed
  MATCH (i)-[old:TARGETS]->(other:Person)
  WHERE other <> target
  DELETE old
}
CALL (i, row, existed) {
  WITH * WHERE existed
  MATCH (i)-[old:ABOUT]->(t:Topic)
  WHERE NOT t.id IN row.topics
  DELETE old
}
CALL (i, row, actor, target, existed) {
  WITH * WHERE existed
  MERGE (actor)-[:PERFORMED]->(i)
  MERGE (i)-[:TARGETS]->(target)
  WITH i, row
  UNWIND row.topics AS topicId
  MATCH (t:Topic {id: topicId})
  MERGE (i)-[:ABOUT]->(t)
}
RETURN count(i) AS written
