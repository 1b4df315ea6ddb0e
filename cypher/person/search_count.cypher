// How many people match a full-text query and the filters.
// Parameters: $search, $kind, $language, $country. Returns: total.
CALL db.index.fulltext.queryNodes('person_search', $search) YIELD node AS p
WITH p
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
RETURN count(p) AS total
