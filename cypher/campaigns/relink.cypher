// Campaign membership of one campaign, brought up to date after it was created or its markers
// changed: an IN_CAMPAIGN relationship from every interaction that names it, carries one of
// its hashtags or whose url starts with one of its URL prefixes, and from no other. Only the
// difference is written: links that no longer hold are deleted, missing ones made (an update
// that keeps the markers writes nothing). Scans the interactions (list properties have no
// index): campaigns change rarely.
// Parameters: $id (campaign id). Returns: members (interactions linked), no row when the
// campaign does not exist.
MATCH (c:Campaign {id: $id})
CALL (c) {
  MATCH (c)<-[old:IN_CAMPAIGN]-(i:Interaction)
  WHERE NOT (c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix)))
  DELETE old
}
CALL (c) {
  MATCH (i:Interaction)
  WHERE (c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix)))
    AND NOT EXISTS { (i)-[:IN_CAMPAIGN]->(c) }
  CREATE (i)-[:IN_CAMPAIGN]->(c)
}
CALL (c) {
  MATCH (c)<-[:IN_CAMPAIGN]-(i:Interaction)
  RETURN count(i) AS members
}
RETURN members
