// Bench, raw GDS sequence: add LINKS, the undirected copy of INFLUENCES, as the service does.
// Parameters: $graphName. Returns: relationshipsWritten.
CALL gds.graph.relationships.toUndirected($graphName, {
  relationshipType: 'INFLUENCES', mutateRelationshipType: 'LINKS',
  aggregation: {weight: 'SUM', interactions: 'SUM', lastAt: 'MAX'}
}) YIELD relationshipsWritten
RETURN relationshipsWritten
