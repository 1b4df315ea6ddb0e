// A page of people ordered by (name, id), after a keyset cursor, with optional filters. The
// (name, id) index serves the seek and the order, so a page reads only its own people.
// Parameters: $kind, $language, $country (string or null: no filter), $afterName, $afterId
// (null for the first page), $limit (page size + 1, to know whether a next page exists).
// Returns: one row, rows: a list of {id, name, handle, kind, language, country, followers}
// (one list decodes far faster in the driver than one record per person).
MATCH (p:Person)
WHERE p.name >= coalesce($afterName, '') AND p.id IS NOT NULL
  AND ($afterId IS NULL OR p.name > $afterName OR p.id > $afterId)
  AND ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
WITH p
ORDER BY p.name, p.id
LIMIT $limit
RETURN collect(p {.id, .name, .handle, .kind, .language, .country, .followers}) AS rows
