// Campaign membership of given interactions, brought up to date after they were written:
// their IN_CAMPAIGN relationships are replaced by one to every campaign the interaction
// names (its `campaigns` list), whose hashtags it carries (`tags`), or one of whose URL
// prefixes its `url` starts with. Runs in the transaction that wrote the interactions.
// Parameters: $ids (interaction ids).
// Returns: actor, brand: each (actor, brand) pair with an interaction linked to one of the
// brand's campaigns before or after this call (the relationships whose `collaborating`
// stage it can change); interactions linked to no campaign either way return nothing.
UNWIND $ids AS id
MATCH (i:Interaction {id: id})<-[:PERFORMED]-(actor:Person)
CALL (i) {
  OPTIONAL MATCH (i)-[old:IN_CAMPAIGN]->(c:Campaign)
  OPTIONAL MATCH (c)-[:OF_BRAND]->(b:Brand)
  DELETE old
  RETURN collect(DISTINCT b.id) AS before
}
CALL (i) {
  OPTIONAL MATCH (c:Campaign)
  WHERE c.id IN coalesce(i.campaigns, [])
     OR any(tag IN coalesce(i.tags, []) WHERE tag IN c.hashtags)
     OR (i.url IS NOT NULL AND any(prefix IN c.urlPrefixes WHERE i.url STARTS WITH prefix))
  FOREACH (linked IN CASE WHEN c IS NULL THEN [] ELSE [c] END |
    CREATE (i)-[:IN_CAMPAIGN]->(linked))
  WITH c
  OPTIONAL MATCH (c)-[:OF_BRAND]->(b:Brand)
  RETURN collect(DISTINCT b.id) AS after
}
UNWIND before + after AS brand
RETURN DISTINCT actor.id AS actor, brand
