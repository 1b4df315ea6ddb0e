// Create or update people by id; createdAt is kept from the first write.
// Parameters: $rows, a list of {id, name, handle, kind, language, country, followers,
// attributes (map), createdAt (ISO string)}. Returns: written (count).
UNWIND $rows AS row
MERGE (p:Person {id: row.id})
ON CREATE SET p.createdAt = coalesce(datetime(row.createdAt), datetime())
SET p.name = row.name,
    p.handle = row.handle,
    p.kind = row.kind,
    p.language = row.language,
    p.country = row.country,
    p.followers = row.followers,
    p.updatedAt = datetime()
SET p += coalesce(row.attributes, {})
RETURN count(*) AS written
