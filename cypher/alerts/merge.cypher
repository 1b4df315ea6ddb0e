// Write the alerts detection found: each MERGEd on its id (brand, topic, kind and first
// surge day), its figures replaced; a new one starts open. (:Alert)-[:FOR_BRAND]->(:Brand).
// Parameters: $rows (maps: id, brand, topic, kind, startedAt (ISO-8601), lastSurgeDay (ISO
// date), severity, volume, baseline, drivers, responders (JSON text)).
// Returns: id, created (true for an alert this call created), status.
UNWIND $rows AS row
MATCH (b:Brand {id: row.brand})
MERGE (a:Alert {id: row.id})
ON CREATE SET a.status = 'open', a.brand = row.brand,
              a.topic = row.topic, a.kind = row.kind, a.startedAt = datetime(row.startedAt),
              a._new = true
MERGE (a)-[:FOR_BRAND]->(b)
SET a.lastSurgeDay = date(row.lastSurgeDay), a.severity = row.severity, a.volume = row.volume,
    a.baseline = row.baseline, a.drivers = row.drivers, a.responders = row.responders
WITH a, coalesce(a._new, false) AS created
REMOVE a._new
RETURN a.id AS id, created, a.status AS status
