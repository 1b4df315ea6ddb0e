// Drop every graph in the GDS catalog (of any user); used to leave the catalog empty.
// Parameters: none. Returns: dropped (count).
CALL gds.graph.list() YIELD graphName
CALL gds.graph.drop(graphName, false) YIELD graphName AS dropped
RETURN count(dropped) AS dropped
