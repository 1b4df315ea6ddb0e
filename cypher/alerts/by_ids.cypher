// Alerts by id. Parameters: $ids.
// Returns: id, brand, topic, kind, startedAt, lastSurgeDay, severity, status, volume,
// baseline, drivers, responders, acknowledgedAt, resolvedAt (times as ISO-8601 text).
UNWIND $ids AS alertId
MATCH (a:Alert {id: alertId})
RETURN a.id AS id, a.brand AS brand, a.topic AS topic, a.kind AS kind,
       toString(a.startedAt) AS startedAt, toString(a.lastSurgeDay) AS lastSurgeDay,
       a.severity AS severity, a.status AS status, a.volume AS volume, a.baseline AS baseline,
       a.drivers AS drivers, a.responders AS responders,
       toString(a.acknowledgedAt) AS acknowledgedAt, toString(a.resolvedAt) AS resolvedAt
