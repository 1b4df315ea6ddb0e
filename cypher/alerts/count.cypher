// How many alerts a brand has (in one status, or any when $status is null).
// Parameters: $brand, $status. Returns: count.
MATCH (a:Alert {brand: $brand})
WHERE $status IS NULL OR a.status = $status
RETURN count(a) AS count
