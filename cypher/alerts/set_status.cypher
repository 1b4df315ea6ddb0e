// Move an alert to a status (acknowledged or resolved), stamping when.
// Parameters: $id, $status. Returns: id, previous (status before), or no row when no alert.
MATCH (a:Alert {id: $id})
WITH a, a.status AS previous
SET a.status = $status,
    a.acknowledgedAt = CASE WHEN $status = 'acknowledged' THEN datetime()
                            ELSE a.acknowledgedAt END,
    a.resolvedAt = CASE WHEN $status = 'resolved' THEN datetime() ELSE a.resolvedAt END,
    a.resolvedBy = CASE WHEN $status = 'resolved' THEN 'user' ELSE a.resolvedBy END
RETURN a.id AS id, previous
