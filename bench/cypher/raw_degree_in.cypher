// Bench, raw GDS sequence: weighted in-degree. Parameters: $graphName.
// Returns: nodePropertiesWritten.
CALL gds.degree.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], relationshipWeightProperty: 'weight',
  orientation: 'REVERSE', mutateProperty: 'inDegree'
}) YIELD nodePropertiesWritten
RETURN nodePropertiesWritten
