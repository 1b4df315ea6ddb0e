// Upper bounds of a topic graph's size, for the memory estimate before projecting:
// interactions about the topic (or its subtopics) in the window, and the people in the graph.
// Parameters: $topic (id), $since, $until (ISO datetimes or null).
// Returns: topicFound (boolean), interactions, people (integers).
OPTIONAL MATCH (root:Topic {id: $topic})
CALL (root) {
  MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
  MATCH (t)<-[:ABOUT]-(i:Interaction)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  RETURN count(DISTINCT i) AS interactions
}
CALL () { MATCH (p:Person) RETURN count(p) AS people }
RETURN root IS NOT NULL AS topicFound, interactions, people
