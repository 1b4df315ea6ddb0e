// Create or update people by id. A person whose properties already equal the row is left
// untouched, so `updatedAt` is when the person last really changed and a replay writes nothing.
// Parameters: $rows, a list of {id, props, createdAt}: props maps every declared property
// (name, handle, kind, language, country, followers, attributes...) to its value, null
// removing it; createdAt is an ISO-8601 string or null.
// Returns: changed (people created or modified).
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
WITH p, row, datetime(row.createdAt) AS createdAt
WHERE p.updatedAt IS NULL
   OR NOT coalesce(p.createdAt = createdAt, p.createdAt IS NULL AND createdAt IS NULL)
   OR any(key IN keys(row.props)
          WHERE NOT coalesce(p[key] = row.props[key], p[key] IS NULL AND row.props[key] IS NULL))
SET p += row.props, p.createdAt = createdAt, p.updatedAt = datetime()
RETURN count(p) AS changed
