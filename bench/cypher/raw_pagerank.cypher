// Bench, raw GDS sequence: weighted PageRank. Parameters: $graphName, $maxIterations,
// $tolerance. Returns: ranIterations.
CALL gds.pageRank.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], relationshipWeightProperty: 'weight',
  mutateProperty: 'authority', maxIterations: $maxIterations, tolerance: $tolerance
}) YIELD ranIterations
RETURN ranIterations
