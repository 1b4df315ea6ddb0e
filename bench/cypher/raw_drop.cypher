// Bench: drop a projection if it exists. Parameters: $graphName. Returns: graphName.
CALL gds.graph.drop($graphName, false) YIELD graphName
RETURN graphName
