// How many campaigns campaigns/page pages through. Parameters: $brand, $status, $now (as
// campaigns/page). Returns: count.
MATCH (c:Campaign)-[:OF_BRAND]->(b:Brand)
WHERE $brand IS NULL OR b.id = $brand
WITH CASE WHEN datetime($now) < c.since THEN 'planned'
          WHEN datetime($now) < c.until THEN 'running'
          ELSE 'ended' END AS status
WHERE $status IS NULL OR status = $status
RETURN count(*) AS count
