// How many relationships a brand has (in one stage, or in any when $stage is null).
// Parameters: $brand, $stage. Returns: count.
MATCH (:Person)-[r:RELATIONSHIP_WITH]->(:Brand {id: $brand})
WHERE $stage IS NULL OR r.stage = $stage
RETURN count(r) AS count
