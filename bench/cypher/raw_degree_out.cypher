// Bench, raw GDS sequence: weighted out-degree. Parameters: $graphName.
// Returns: nodePropertiesWritten.
CALL gds.degree.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], relationshipWeightProperty: 'weight',
  orientation: 'NATURAL', mutateProperty: 'outDegree'
}) YIELD nodePropertiesWritten
RETURN nodePropertiesWritten
