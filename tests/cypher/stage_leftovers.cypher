// Test helper: labels and relationship types left in the store by the native projection's
// staging (names starting InfluenceStage_ / INFLUENCE_STAGE_). Parameters: none.
// Returns: labels, types (counts of such names in use).
CALL db.labels() YIELD label
WITH count(CASE WHEN label STARTS WITH 'InfluenceStage_' THEN 1 END) AS labels
CALL db.relationshipTypes() YIELD relationshipType
RETURN labels,
       count(CASE WHEN relationshipType STARTS WITH 'INFLUENCE_STAGE_' THEN 1 END) AS types
