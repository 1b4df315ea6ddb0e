// Resolve a brand's unresolved alerts of the given kinds whose last day (a surge's last surge
// day; a detractor's last day of negative acts in its episode) is before a day.
// resolvedAt is data time, not the server's clock: the end of the quiet days that closed the
// alert (its last day + $quietDays), so the same data resolves an alert the same way
// whenever it is loaded (a load cut and rerun gives the graph of a clean load).
// Parameters: $brand, $before (ISO date), $quietDays, $kinds (alert kinds).
// Returns: id (of each alert resolved).
MATCH (a:Alert {brand: $brand})
WHERE a.kind IN $kinds AND a.status <> 'resolved' AND a.lastSurgeDay < date($before)
SET a.status = 'resolved', a.resolvedBy = 'detection',
    a.resolvedAt = datetime({date: a.lastSurgeDay + duration({days: $quietDays}), timezone: 'UTC'})
RETURN a.id AS id
