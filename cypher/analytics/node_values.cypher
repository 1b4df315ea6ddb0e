// What the algorithms computed, one row per person of a projection (the properties they
// added, as [name, value] pairs: one row per node instead of one per node and property).
// Parameters: $graphName, $properties (list of node property names).
// Returns: nodeId (the projection's), person (id), values (list of [property, value]).
CALL gds.graph.nodeProperties.stream($graphName, $properties)
YIELD nodeId, nodeProperty, propertyValue
WITH nodeId, collect([nodeProperty, propertyValue]) AS values
RETURN nodeId, gds.util.asNode(nodeId).id AS person, values
