// The brand's share of voice on topics in a window [$from, $to): of the interactions about
// any of the topics (each counted once, by its `count`), those performed or received by one
// of the brand's official accounts (found from the accounts' side, not by reading the actor
// and target of every topic interaction).
// Parameters: $brand (brand id), $topics (topic ids), $from, $to (ISO-8601 strings).
// Returns: one row: topicInteractions, brandInteractions.
MATCH (b:Brand {id: $brand})
OPTIONAL MATCH (a:Person)-[:REPRESENTS {role: 'official'}]->(b)
WITH collect(a) AS accounts
CALL () {
  // `i` unlabelled here and below: expanded from the topics and each account, as in
  // alerts/span.cypher
  MATCH (t:Topic)<-[:ABOUT]-(i)
  WHERE t.id IN $topics AND datetime($from) <= i.at < datetime($to)
  WITH DISTINCT i
  RETURN coalesce(sum(i.count), 0) AS topicInteractions
}
CALL (accounts) {
  UNWIND accounts AS a
  MATCH (a)-[:PERFORMED|TARGETS]-(i)
  WHERE datetime($from) <= i.at < datetime($to)
    AND EXISTS { MATCH (i)-[:ABOUT]->(t:Topic) WHERE t.id IN $topics }
  WITH DISTINCT i
  RETURN coalesce(sum(i.count), 0) AS brandInteractions
}
RETURN topicInteractions, brandInteractions
