// Bench, raw GDS sequence: add LINKS, the undirected copy of ENGAGES, as the service does.
// Parameters: $graphName. Returns: relationshipsWritten.
CALL gds.graph.relationships.toUndirected($graphName, {
  relationshipType: 'ENGAGES', mutateRelationshipType: 'LINKS',
  aggregation: {weight: 'SUM', interactions: 'SUM', lastAt: 'MAX', generation: 'MAX'}
}) YIELD relationshipsWritten
RETURN relationshipsWritten
