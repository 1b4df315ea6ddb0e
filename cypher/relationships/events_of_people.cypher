// The events between a brand and some people (as events_of_brand.cypher, from the people's
// side: what a load or a mutation touched). People who represent the brand have none.
// Each person's own interactions are expanded and then matched against the brand's
// representatives and campaigns (held as lists), never the other way round: a brand account
// with a million interactions costs nothing here, a person costs their own interactions.
// Parameters: $brand (brand id), $people (person ids).
// Returns: person, kind, rep (representative id or null), at (ISO-8601), type, sentiment, count.
MATCH (b:Brand {id: $brand})
WITH b, COLLECT { MATCH (r:Person)-[:REPRESENTS]->(b) RETURN r } AS reps,
     COLLECT { MATCH (c:Campaign)-[:OF_BRAND]->(b) RETURN c } AS campaigns
UNWIND $people AS personId
MATCH (p:Person {id: personId})
WHERE NOT p IN reps
CALL (p, reps, campaigns) {
  MATCH (p)<-[:TARGETS]-(i:Interaction)<-[:PERFORMED]-(rep:Person)
  WHERE rep IN reps
  RETURN 'out' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  MATCH (p)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(rep:Person)
  WHERE rep IN reps
  RETURN 'in' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  MATCH (p)-[e:ENLISTED_IN]->(c:Campaign)
  WHERE c IN campaigns
  RETURN 'enlisted' AS kind, null AS rep, null AS i, e.at AS at
  UNION ALL
  MATCH (p)-[:PERFORMED]->(i:Interaction)-[:IN_CAMPAIGN]->(c:Campaign)
  WHERE c IN campaigns
  RETURN DISTINCT 'campaign' AS kind, null AS rep, i AS i, null AS at
}
RETURN p.id AS person, kind, rep, toString(coalesce(at, i.at)) AS at, i.type AS type,
       i.sentiment AS sentiment, coalesce(i.count, 1) AS count
