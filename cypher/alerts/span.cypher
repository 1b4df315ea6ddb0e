// The span of the engagement aimed at a brand's representatives: the UTC days of the first
// and the last interaction targeting one of them (any sentiment), since a time.
// Parameters: $brand, $since (ISO-8601). Returns: first, last (ISO dates, null when none).
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (rep:Person)-[:REPRESENTS]->(b)
WITH collect(rep) AS reps
UNWIND reps AS rep
MATCH (:Person)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(rep)
WHERE i.at >= datetime($since)
RETURN toString(date(min(i.at))) AS first, toString(date(max(i.at))) AS last
