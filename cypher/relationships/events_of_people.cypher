// The events between a brand and some people (as events_of_brand.cypher, from the people's
// side: what a load or a mutation touched). People who represent the brand have none.
// Parameters: $brand (brand id), $people (person ids).
// Returns: person, kind, rep (representative id or null), at (ISO-8601), type, sentiment, count.
MATCH (b:Brand {id: $brand})
UNWIND $people AS personId
MATCH (p:Person {id: personId})
WHERE NOT (p)-[:REPRESENTS]->(b)
CALL {
  WITH b, p
  MATCH (p)<-[:TARGETS]-(i:Interaction)<-[:PERFORMED]-(rep:Person)-[:REPRESENTS]->(b)
  RETURN 'out' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  WITH b, p
  MATCH (p)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(rep:Person)-[:REPRESENTS]->(b)
  RETURN 'in' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  WITH b, p
  MATCH (p)-[e:ENLISTED_IN]->(:Campaign)-[:OF_BRAND]->(b)
  RETURN 'enlisted' AS kind, null AS rep, null AS i, e.at AS at
  UNION ALL
  WITH b, p
  MATCH (p)-[:PERFORMED]->(i:Interaction)-[:IN_CAMPAIGN]->(:Campaign)-[:OF_BRAND]->(b)
  RETURN DISTINCT 'campaign' AS kind, null AS rep, i AS i, null AS at
}
RETURN p.id AS person, kind, rep, toString(coalesce(at, i.at)) AS at, i.type AS type,
       i.sentiment AS sentiment, coalesce(i.count, 1) AS count
