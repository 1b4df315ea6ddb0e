// Bench, raw GDS sequence: weighted eigenvector centrality. Parameters: $graphName,
// $maxIterations, $tolerance. Returns: ranIterations.
CALL gds.eigenvector.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], relationshipWeightProperty: 'weight',
  mutateProperty: 'eigenvector', maxIterations: $maxIterations, tolerance: $tolerance
}) YIELD ranIterations
RETURN ranIterations
