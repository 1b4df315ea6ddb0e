// Create a campaign for a brand, unless one with that id exists (then nothing changes).
// Parameters: $id, $brand (brand id), $name, $since, $until (ISO-8601 strings), $topics (topic
// ids), $markers (as given), $urlPrefixes, $hashtags (the markers split by kind, hashtags in
// lower case). Returns: created (0 or 1).
MATCH (b:Brand {id: $brand})
WITH b WHERE NOT EXISTS { (:Campaign {id: $id}) }
CREATE (c:Campaign {id: $id})-[:OF_BRAND]->(b)
SET c.name = $name, c.since = datetime($since), c.until = datetime($until),
    c.topics = $topics, c.markers = $markers, c.urlPrefixes = $urlPrefixes,
    c.hashtags = $hashtags
RETURN count(c) AS created
