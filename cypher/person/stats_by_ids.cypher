// Audience and activity of people, for batched loading.
// Parameters: $ids (list of strings). Returns: one row, rows: a list of {id, followerCount
// (FOLLOWS in), followingCount (FOLLOWS out), performed (interactions they made), received
// (interactions targeting them)}.
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN collect({
  id: id,
  followerCount: COUNT { (p)<-[:FOLLOWS]-() },
  followingCount: COUNT { (p)-[:FOLLOWS]->() },
  performed: COUNT { (p)-[:PERFORMED]->() },
  received: COUNT { (p)<-[:TARGETS]-() }
}) AS rows
