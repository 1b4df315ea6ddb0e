// Replace a campaign's name, window, topics and markers (the caller merged the old values
// with the new ones and checked them). Parameters: as campaigns/create, without $brand.
// Returns: updated (0 when there is no such campaign).
MATCH (c:Campaign {id: $id})
SET c.name = $name, c.since = datetime($since), c.until = datetime($until),
    c.topics = $topics, c.markers = $markers, c.urlPrefixes = $urlPrefixes,
    c.hashtags = $hashtags, c.updatedAt = datetime()
RETURN count(c) AS updated
