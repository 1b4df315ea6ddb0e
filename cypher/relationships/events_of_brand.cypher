// Every event between a brand and the people it has a relationship with: interactions from
// one of its representatives to a person who is not one ('out'), from such a person to a
// representative ('in'), enlistment in one of its campaigns ('enlisted'), and interactions a
// person performed that belong to one of its campaigns ('campaign'). Rules:
// docs/relationships-and-alerts.md.
// Parameters: $brand (brand id).
// Returns: person, kind, rep (representative id or null), at (ISO-8601), type, sentiment, count.
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (rep:Person)-[:REPRESENTS]->(b)
WITH b, collect(rep) AS reps
CALL {
  WITH reps
  UNWIND reps AS rep
  MATCH (rep)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(p:Person)
  WHERE NOT p IN reps
  RETURN p.id AS person, 'out' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  WITH reps
  UNWIND reps AS rep
  MATCH (p:Person)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(rep)
  WHERE NOT p IN reps
  RETURN p.id AS person, 'in' AS kind, rep.id AS rep, i AS i, null AS at
  UNION ALL
  WITH b, reps
  MATCH (p:Person)-[e:ENLISTED_IN]->(:Campaign)-[:OF_BRAND]->(b)
  WHERE NOT p IN reps
  RETURN p.id AS person, 'enlisted' AS kind, null AS rep, null AS i, e.at AS at
  UNION ALL
  WITH b, reps
  MATCH (p:Person)-[:PERFORMED]->(i:Interaction)-[:IN_CAMPAIGN]->(:Campaign)-[:OF_BRAND]->(b)
  WHERE NOT p IN reps
  RETURN DISTINCT p.id AS person, 'campaign' AS kind, null AS rep, i AS i, null AS at
}
RETURN person, kind, rep, toString(coalesce(at, i.at)) AS at, i.type AS type,
       i.sentiment AS sentiment, coalesce(i.count, 1) AS count
