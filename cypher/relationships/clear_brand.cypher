// Delete every stored relationship of a brand (before it is recomputed whole).
// Parameters: $brand (brand id). Returns: cleared (relationships deleted).
MATCH (:Person)-[r:RELATIONSHIP_WITH]->(:Brand {id: $brand})
DELETE r
RETURN count(*) AS cleared
