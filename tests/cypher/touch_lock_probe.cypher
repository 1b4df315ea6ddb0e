// Test only: create or update one (:LockProbe) node, taking its write lock until the
// transaction ends. Parameters: $id. Returns: touched (how many times it was written).
MERGE (n:LockProbe {id: $id})
SET n.touched = coalesce(n.touched, 0) + 1
RETURN n.touched AS touched
