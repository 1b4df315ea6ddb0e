// Bench, raw GDS sequence: write the projection's influence edges back with their weight, the
// GDS way (one untagged type; the service tags each edge with its topic and job instead).
// Parameters: $graphName. Returns: relationshipsWritten.
CALL gds.graph.relationship.write($graphName, 'INFLUENCES', 'weight', {})
YIELD relationshipsWritten
RETURN relationshipsWritten
