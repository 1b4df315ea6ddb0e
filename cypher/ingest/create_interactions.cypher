// Create the interactions of the rows that do not exist yet, each as
// (actor)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(target) and (i)-[:ABOUT]->(topic) per
// topic. The node is MERGEd on its id (safe against a concurrent writer); its relationships
// are CREATEd (cheap) only when it has none yet. Rows whose interaction already existed are
// returned, for ingest/update_interactions in the same transaction.
// People and topics must exist (the loader checks it before writing); a row whose actor or
// target is missing is skipped, and so is an ABOUT to a missing topic.
// The batch's topics are looked up once, not once per row, and rows are lists, not maps
// (measured: fewer index look-ups and less to decode on the server; see README Throughput).
// Parameters: $topics, the distinct topic ids of the batch; $rows, a list of
// [id, type, actor, target, topics, at, sentiment, platform, url, count, campaigns, tags]
// where topics lists positions in $topics, at is an ISO-8601 string, campaigns (ids) and tags
// (lower-case hashtags) are lists or null.
// Returns: one row, created (count) and existing (ids of the rows left to update).
CALL () {
  UNWIND range(0, size($topics) - 1) AS k
  OPTIONAL MATCH (t:Topic {id: $topics[k]})
  WITH k, t ORDER BY k
  RETURN collect([t]) AS topicNodes
}
UNWIND $rows AS row
MATCH (actor:Person {id: row[2]})
MATCH (target:Person {id: row[3]})
MERGE (i:Interaction {id: row[0]})
ON CREATE SET i.type = row[1], i.at = datetime(row[5]), i.sentiment = row[6],
              i.platform = row[7], i.url = row[8], i.count = row[9], i.campaigns = row[10],
              i.tags = row[11]
WITH i, row, actor, target, topicNodes, EXISTS { (i)<-[:PERFORMED]-() } AS existed
CALL (i, row, actor, target, existed, topicNodes) {
  WITH * WHERE NOT existed
  CREATE (actor)-[:PERFORMED]->(i)-[:TARGETS]->(target)
  WITH i, row, topicNodes
  UNWIND row[4] AS k
  WITH i, topicNodes[k][0] AS t
  WHERE t IS NOT NULL
  CREATE (i)-[:ABOUT]->(t)
}
RETURN count(CASE WHEN NOT existed THEN 1 END) AS created,
       collect(CASE WHEN existed THEN row[0] END) AS existing
