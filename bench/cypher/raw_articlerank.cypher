// Bench, raw GDS sequence: weighted ArticleRank. Parameters: $graphName, $maxIterations,
// $tolerance. Returns: ranIterations.
CALL gds.articleRank.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], relationshipWeightProperty: 'weight',
  mutateProperty: 'articleRank', maxIterations: $maxIterations, tolerance: $tolerance
}) YIELD ranIterations
RETURN ranIterations
