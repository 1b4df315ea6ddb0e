// Delete up to $limit relationships (repeat until deleted = 0), so that wiping a large graph
// never deletes a node with a huge number of relationships in one transaction.
// Used by `wipe` (service/db/graph.py) before admin/wipe_batch. Parameters: $limit.
// Returns: deleted.
MATCH ()-[r]->()
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
