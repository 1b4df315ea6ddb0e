// What scoring needs besides the algorithms, per person of a topic graph: declared kind and
// audience, FOLLOWS in-degree, engagement received on the topic (T and subtopics, in the window)
// with its sentiment (each interaction counted `count` times), and how much of the person's activity in the window is about the topic.
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
  WITH i, coalesce(i.count, 1) AS n
  WITH sum(CASE WHEN i IS NULL THEN 0 ELSE n END) AS received,
       sum(CASE WHEN i.sentiment IS NULL THEN 0 ELSE n END) AS withSentiment,
       sum(CASE WHEN i.sentiment < $negativeBelow THEN n ELSE 0 END) AS negative,
       sum(i.sentiment * n) AS sentimentSum
  RETURN received, withSentiment, negative,
         CASE WHEN withSentiment > 0 THEN sentimentSum / withSentiment END AS sentiment
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
