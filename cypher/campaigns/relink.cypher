// Campaign membership of one campaign, rebuilt after it was created or its markers changed:
// its IN_CAMPAIGN relationships are replaced by one from every interaction that names it,
// carries one of its hashtags or whose url starts with one of its URL prefixes. Scans the
// interactions (list properties have no index): campaigns change rarely.
// Parameters: $id (campaign id). Returns: members (interactions linked), no row when the
// campaign does not exist.
MATCH (c:Campaign {id: $id})
CALL (c) {
  MATCH (c)<-[old:IN_CAMPAIGN]-(:Interaction)
  DELETE old
}
CALL (c) {
  MATCH (i:Interaction)
  WHERE c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix))
  CREATE (i)-[:IN_CAMPAIGN]->(c)
  RETURN count(i) AS members
}
RETURN members
