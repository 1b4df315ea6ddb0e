// Create or update interactions: (actor)-[:PERFORMED]->(i)-[:TARGETS]->(target), (i)-[:ABOUT]->(topic).
// Actor, target and topics must exist. Parameters: $rows, a list of {id, type, actor, target,
// topics (list of ids), at (ISO string), sentiment, platform, url, count}. Returns: written.
UNWIND $rows AS row
MATCH (actor:Person {id: row.actor})
MATCH (target:Person {id: row.target})
MERGE (i:Interaction {id: row.id})
SET i.type = row.type,
    i.at = datetime(row.at),
    i.sentiment = row.sentiment,
    i.platform = row.platform,
    i.url = row.url,
    i.count = row.count
MERGE (actor)-[:PERFORMED]->(i)
MERGE (i)-[:TARGETS]->(target)
WITH i, row
CALL (i, row) {
  UNWIND row.topics AS topicId
  MATCH (t:Topic {id: topicId})
  MERGE (i)-[:ABOUT]->(t)
}
RETURN count(*) AS written
