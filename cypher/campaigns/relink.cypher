// Campaign membership of one campaign, brought up to date after it was created or its markers
// changed: an IN_CAMPAIGN relationship from every interaction that names it, carries one of
// its hashtags or whose url starts with one of its URL prefixes, and from no other. Only the
// difference is written: links that no longer hold are deleted, missing ones made (an update
// that keeps the markers writes nothing). Scans the interactions (list properties have no
// index): campaigns change rarely.
// Parameters: $id (campaign id). Returns: members (interactions linked), actors (ids of the
// people who performed an interaction linked or unlinked by this call: whose relationship
// stages it can change); no row when the campaign does not exist.
MATCH (c:Campaign {id: $id})
CALL (c) {
  OPTIONAL MATCH (c)<-[old:IN_CAMPAIGN]-(i:Interaction)
  WHERE NOT (c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix)))
  OPTIONAL MATCH (i)<-[:PERFORMED]-(actor:Person)
  DELETE old
  RETURN collect(DISTINCT actor.id) AS unlinked
}
CALL (c) {
  OPTIONAL MATCH (i:Interaction)
  WHERE (c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix)))
    AND NOT EXISTS { (i)-[:IN_CAMPAIGN]->(c) }
  FOREACH (new IN CASE WHEN i IS NULL THEN [] ELSE [i] END |
    CREATE (new)-[:IN_CAMPAIGN]->(c))
  WITH i
  OPTIONAL MATCH (i)<-[:PERFORMED]-(actor:Person)
  RETURN collect(DISTINCT actor.id) AS linked
}
CALL (c) {
  MATCH (c)<-[:IN_CAMPAIGN]-(i:Interaction)
  RETURN count(i) AS members
}
RETURN members, unlinked + [a IN linked WHERE NOT a IN unlinked] AS actors
