// A page of people whose name or handle matches a full-text query, ordered by (name, id).
// Parameters: $search (a Lucene query; the service escapes user text and adds a prefix
// wildcard), $kind, $language, $country (string or null), $afterName, $afterId (null for the
// first page), $limit. Returns: id, name, handle, kind, language, country, followers.
CALL db.index.fulltext.queryNodes('person_search', $search) YIELD node AS p
WITH p
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
  AND ($afterId IS NULL OR p.name > $afterName OR (p.name = $afterName AND p.id > $afterId))
RETURN p.id AS id, p.name AS name, p.handle AS handle, p.kind AS kind,
       p.language AS language, p.country AS country, p.followers AS followers
ORDER BY name, id
LIMIT $limit
