// Resolve a brand's unresolved NEGATIVE_SURGE alerts whose last surge day is before a day.
// Parameters: $brand, $before (ISO date). Returns: id (of each alert resolved).
MATCH (a:Alert {brand: $brand, kind: 'NEGATIVE_SURGE'})
WHERE a.status <> 'resolved' AND a.lastSurgeDay < date($before)
SET a.status = 'resolved', a.resolvedAt = datetime(), a.resolvedBy = 'detection'
RETURN a.id AS id
