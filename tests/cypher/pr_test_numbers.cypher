// Test only: the `n` of the (:PrTest) nodes behind GDS node ids.
// Parameters: $ids (list of GDS node ids). Returns: one row per id: nodeId, n.
UNWIND $ids AS id
RETURN id AS nodeId, gds.util.asNode(id).n AS n
