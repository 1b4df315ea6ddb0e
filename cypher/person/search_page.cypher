// A page of people whose name or handle matches a full-text query, ordered by (name, id).
// Parameters: $search (a Lucene query; the service escapes user text and adds a prefix
// wildcard), $kind, $language, $country (string or null), $afterName, $afterId (null for the
// first page), $limit. Returns: one row, rows: a list of {id, name, handle, kind, language,
// country, followers}.
CALL db.index.fulltext.queryNodes('person_search', $search) YIELD node AS p
WITH p
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
  AND ($afterId IS NULL OR p.name > $afterName OR (p.name = $afterName AND p.id > $afterId))
WITH p
ORDER BY p.name, p.id
LIMIT $limit
RETURN collect(p {.id, .name, .handle, .kind, .language, .country, .followers}) AS rows
