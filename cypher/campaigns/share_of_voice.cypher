// The brand's share of voice on topics in a window [$from, $to): of the interactions about
// any of the topics (each counted once, by its `count`), those performed or received by one
// of the brand's official accounts.
// Parameters: $brand (brand id), $topics (topic ids), $from, $to (ISO-8601 strings).
// Returns: one row: topicInteractions, brandInteractions.
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH collect(a) AS accounts
CALL (accounts) {
  MATCH (t:Topic)<-[:ABOUT]-(i:Interaction)
  WHERE t.id IN $topics AND datetime($from) <= i.at < datetime($to)
  WITH DISTINCT i
  MATCH (actor:Person)-[:PERFORMED]->(i)-[:TARGETS]->(target:Person)
  RETURN coalesce(sum(i.count), 0) AS topicInteractions,
         coalesce(sum(CASE WHEN actor IN accounts OR target IN accounts THEN i.count END), 0)
           AS brandInteractions
}
RETURN topicInteractions, brandInteractions
