// Create or update people by id. A person whose properties already equal the row is left
// untouched, so `updatedAt` is when the person last really changed and a replay writes nothing.
// A person erased since the load was validated (a tombstone with the SHA-256 of their id) is
// not recreated; the interactions and follows naming them then find no person and are skipped.
// Parameters: $rows, a list of {id, idHash, props, createdAt}: idHash is the SHA-256 (hex) of
// the id; props maps every declared property (name, handle, kind, language, country,
// followers, attributes...) to its value, null removing it; createdAt is an ISO-8601 string
// or null.
// Returns: changed (people created or modified).
UNWIND $rows AS row
WITH row WHERE NOT EXISTS { (:ErasedPerson {idHash: row.idHash}) }
MERGE (p:Person {id: row.id})
WITH p, row, datetime(row.createdAt) AS createdAt
WHERE p.updatedAt IS NULL
   OR NOT coalesce(p.createdAt = createdAt, p.createdAt IS NULL AND createdAt IS NULL)
   OR any(key IN keys(row.props)
          WHERE NOT coalesce(p[key] = row.props[key], p[key] IS NULL AND row.props[key] IS NULL))
SET p += row.props, p.createdAt = createdAt, p.updatedAt = datetime()
RETURN count(p) AS changed
