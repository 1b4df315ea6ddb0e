// Bench, raw GDS sequence: betweenness, exact or sampled. Parameters: $graphName,
// $samplingSize (the node count for exact), $seed. Returns: nodePropertiesWritten.
CALL gds.betweenness.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], mutateProperty: 'betweenness',
  samplingSize: $samplingSize, samplingSeed: $seed
}) YIELD nodePropertiesWritten
RETURN nodePropertiesWritten
