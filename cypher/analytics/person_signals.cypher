// What scoring needs besides the algorithms, per person of a topic graph: declared kind and
// audience, FOLLOWS in-degree, engagement received on the topic (T and subtopics, in the window)
// with its sentiment, and how much of the person's activity in the window is about the topic.
// Parameters: $topic, $since, $until (ISO or null), $ids (person ids), $negativeBelow (number).
// Returns: id, kind, followers, followedBy, received, withSentiment, negative, sentiment (avg or
// null), onTopic (interactions about the topic, performed or received), allActivity (all topics).
MATCH (root:Topic {id: $topic})
WITH [(t:Topic)-[:SUBTOPIC_OF*0..]->(root) | t.id] AS topicIds
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p, topicIds) {
  OPTIONAL MATCH (p)<-[:TARGETS]-(i:Interaction)-[:ABOUT]->(t:Topic)
  WHERE t.id IN topicIds
    AND ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  WITH DISTINCT i
  RETURN count(i) AS received, count(i.sentiment) AS withSentiment,
         count(CASE WHEN i.sentiment < $negativeBelow THEN 1 END) AS negative,
         avg(i.sentiment) AS sentiment
}
CALL (p, topicIds) {
  OPTIONAL MATCH (p)-[:PERFORMED]->(i:Interaction)-[:ABOUT]->(t:Topic)
  WHERE t.id IN topicIds
    AND ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  RETURN count(DISTINCT i) AS performed
}
CALL (p) {
  OPTIONAL MATCH (p)-[:PERFORMED|TARGETS]-(i:Interaction)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  RETURN count(i) AS allActivity
}
RETURN pid AS id, p.kind AS kind, coalesce(p.followers, 0) AS followers,
       COUNT { (p)<-[:FOLLOWS]-(:Person) } AS followedBy,
       received, withSentiment, negative, sentiment,
       received + performed AS onTopic, allActivity
