// When a topic's data starts and ends: the first and last interaction about it (or one of its
// subtopics), for checking a back-test's split before queueing it.
// Parameters: $topic. Returns: topicFound (boolean), first, last (ISO strings or null),
// interactions (integer).
OPTIONAL MATCH (root:Topic {id: $topic})
CALL (root) {
  MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
  MATCH (t)<-[:ABOUT]-(i:Interaction)
  WITH DISTINCT i
  RETURN min(i.at) AS first, max(i.at) AS last, count(i) AS interactions
}
RETURN root IS NOT NULL AS topicFound, toString(first) AS first, toString(last) AS last,
       interactions
