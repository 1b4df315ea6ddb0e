// How many people match the filters (no nodes are returned).
// Parameters: $kind, $language, $country (string or null). Returns: total.
MATCH (p:Person)
WHERE ($kind IS NULL OR p.kind = $kind)
  AND ($language IS NULL OR p.language = $language)
  AND ($country IS NULL OR p.country = $country)
RETURN count(p) AS total
