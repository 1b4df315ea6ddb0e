// Store a campaign's report computed at a version, unless a write changed the version since
// (then the report may be stale and is dropped; the next read computes it again).
// Parameters: $id, $version, $report (JSON text). Returns: stored (0 or 1).
MATCH (c:Campaign {id: $id})
WHERE coalesce(c.reportVersion, 0) = $version
SET c.report = $report, c.reportOf = $version
RETURN count(c) AS stored
