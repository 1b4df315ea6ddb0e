// Bench, raw GDS sequence: weighted Louvain on LINKS. Parameters: $graphName.
// Returns: modularity, communityCount.
CALL gds.louvain.mutate($graphName, {
  relationshipTypes: ['LINKS'], relationshipWeightProperty: 'weight',
  mutateProperty: 'louvainCommunity'
}) YIELD modularity, communityCount
RETURN modularity, communityCount
