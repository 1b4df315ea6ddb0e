// Audience and activity of people, for batched loading.
// Parameters: $ids (list of strings). Returns: id, followerCount (FOLLOWS in), followingCount
// (FOLLOWS out), performed (interactions they made), received (interactions targeting them).
UNWIND $ids AS id
MATCH (p:Person {id: id})
RETURN id,
       COUNT { (p)<-[:FOLLOWS]-() } AS followerCount,
       COUNT { (p)-[:FOLLOWS]->() } AS followingCount,
       COUNT { (p)-[:PERFORMED]->() } AS performed,
       COUNT { (p)<-[:TARGETS]-() } AS received
