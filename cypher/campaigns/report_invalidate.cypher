// Mark the stored reports of campaigns out of date: a write that can change their results
// (a load, a campaign change, an erasure) moves their version on.
// Parameters: $ids (campaign ids, or null for every campaign). Returns: invalidated (count).
MATCH (c:Campaign)
WHERE $ids IS NULL OR c.id IN $ids
SET c.reportVersion = coalesce(c.reportVersion, 0) + 1
RETURN count(c) AS invalidated
