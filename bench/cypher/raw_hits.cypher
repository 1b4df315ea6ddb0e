// Bench, raw GDS sequence: HITS (authScore, hubScore). Parameters: $graphName, $iterations.
// Returns: ranIterations.
CALL gds.hits.mutate($graphName, {
  relationshipTypes: ['ENGAGES'], hitsIterations: $iterations,
  mutateProperty: 'Score', authProperty: 'auth', hubProperty: 'hub'
}) YIELD ranIterations
RETURN ranIterations
