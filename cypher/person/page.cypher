// A page of people ordered by (name, id), after a keyset cursor, with optional filters.
// Parameters: $kind, $language, $country (string or null: no filter), $afterName, $afterId
// (null for the first page), $limit (page size + 1, to know whether a next page exists).
// Returns: id, name, handle, kind, language, country, followers.
MATCH (p:Person)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
  AND ($afterId IS NULL OR p.name > $afterName OR (p.name = $afterName AND p.id > $afterId))
RETURN p.id AS id, p.name AS name, p.handle AS handle, p.kind AS kind,
       p.language AS language, p.country AS country, p.followers AS followers
ORDER BY name, id
LIMIT $limit
