// The negative acts aimed at a brand's representatives since a time, per topic they are
// about, each weighted by its actor's authority on that topic: count x (1 + score / 100)
// with the actor's current score on the topic (0 without one). Definitions:
// docs/relationships-and-alerts.md.
// Parameters: $brand, $since (ISO-8601), $negative (sentiment at or below which an act is
// negative).
// Returns: topic, day (UTC date, ISO), actor, interaction (id), weight, community (the
// actor's community on the topic, or null).
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (rep:Person)-[:REPRESENTS]->(b)
WITH collect(rep) AS reps
UNWIND reps AS rep
CALL (rep, reps) {
  // `i` unlabelled, as in alerts/span.cypher: expanded from each representative, never
  // found through the Interaction(at) index once per representative.
  MATCH (rep)<-[:TARGETS]-(i)<-[:PERFORMED]-(actor:Person)
  WHERE i.at >= datetime($since) AND i.sentiment <= $negative AND NOT actor IN reps
  RETURN actor, i
}
MATCH (i)-[:ABOUT]->(t:Topic)
OPTIONAL MATCH (actor)-[s:INFLUENCE_ON]->(t)
WHERE s.jobId = t.resultJobId
RETURN t.id AS topic, toString(date(i.at)) AS day, actor.id AS actor, i.id AS interaction,
       toFloat(coalesce(i.count, 1)) * (1.0 + coalesce(s.score, 0.0) / 100.0) AS weight,
       s.community AS community
