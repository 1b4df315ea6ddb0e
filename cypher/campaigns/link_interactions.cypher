// Campaign membership of given interactions, brought up to date after they were written:
// their IN_CAMPAIGN relationships are replaced by one to every campaign the interaction
// names (its `campaigns` list), whose hashtags it carries (`tags`), or one of whose URL
// prefixes its `url` starts with. Runs in the transaction that wrote the interactions.
// Parameters: $ids (interaction ids). Returns: linked (IN_CAMPAIGN relationships created).
UNWIND $ids AS id
MATCH (i:Interaction {id: id})
CALL (i) {
  MATCH (i)-[old:IN_CAMPAIGN]->(:Campaign)
  DELETE old
}
WITH i
MATCH (c:Campaign)
WHERE c.id IN coalesce(i.campaigns, [])
   OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
   OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix))
CREATE (i)-[:IN_CAMPAIGN]->(c)
RETURN count(*) AS linked
