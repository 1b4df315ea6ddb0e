// Person ids of GDS node ids (the ids a projection reports). Parameters: $nodeIds (integers).
// Returns: nodeId, person (id).
UNWIND $nodeIds AS nodeId
WITH nodeId, gds.util.asNode(nodeId) AS p
RETURN nodeId, p.id AS person
