// Bench, raw GDS sequence: write the computed node properties back onto the Person nodes
// (the usual raw way; the service writes per-topic INFLUENCE_ON edges instead).
// Parameters: $graphName, $properties (list). Returns: propertiesWritten.
CALL gds.graph.nodeProperties.write($graphName, $properties) YIELD propertiesWritten
RETURN propertiesWritten
