// What scoring needs besides the algorithms, per person of a topic graph, in one pass over the
// engagement each received on the topic (T and subtopics, in the window [$since, $until); an
// interaction about several topics of the tree counts once, `count` times):
// - declared kind and audience, FOLLOWS in-degree;
// - received, with its sentiment: withSentiment, negative (sentiment below $negativeBelow),
//   sentiment (average, or null);
// - onTopic (interactions about the topic, performed or received) and allActivity (all topics),
//   for relevance;
// - recency: sum of weight x 0.5 ^ (age in days / $halfLifeDays), weight = $weights[type] x
//   count as the projection weighs it, age measured to $asOf (after $asOf: age 0);
// - recent, earlier: sum of weight from $recentFrom on (analytics/recent_from), and before;
// - engagers: distinct people who performed those interactions.
// Parameters: $topic, $since, $until (ISO or null), $asOf, $recentFrom (ISO), $weights (map
// type -> number), $halfLifeDays (> 0), $negativeBelow (number), $ids (person ids).
// Returns: id, kind, followers, followedBy, received, withSentiment, negative, sentiment,
// onTopic, allActivity, recency, recent, earlier, engagers.
MATCH (root:Topic {id: $topic})
WITH [(t:Topic)-[:SUBTOPIC_OF*0..]->(root) | t.id] AS topicIds,
     datetime($asOf) AS asOf, datetime($recentFrom) AS recentFrom
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p, topicIds, asOf, recentFrom) {
  // `i` unlabelled: expanded from each person, as in alerts/span.cypher
  OPTIONAL MATCH (p)<-[:TARGETS]-(i)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
    AND EXISTS { (i)-[:ABOUT]->(t:Topic) WHERE t.id IN topicIds }
  OPTIONAL MATCH (a:Person)-[:PERFORMED]->(i)
  WITH a, i, coalesce(i.count, 1) AS n
  WITH a, i, n,
       CASE WHEN a IS NULL THEN 0.0 ELSE coalesce($weights[i.type], 0.0) * n END AS w,
       CASE WHEN i.at > asOf THEN 0.0
            ELSE duration.inSeconds(i.at, asOf).seconds / 86400.0 END AS ageDays
  WITH sum(CASE WHEN i IS NULL THEN 0 ELSE n END) AS received,
       sum(CASE WHEN i.sentiment IS NULL THEN 0 ELSE n END) AS withSentiment,
       sum(CASE WHEN i.sentiment < $negativeBelow THEN n ELSE 0 END) AS negative,
       sum(i.sentiment * n) AS sentimentSum,
       coalesce(sum(w * 0.5 ^ (ageDays / $halfLifeDays)), 0.0) AS recency,
       sum(CASE WHEN i.at >= recentFrom THEN w ELSE 0.0 END) AS recent,
       sum(CASE WHEN i.at < recentFrom THEN w ELSE 0.0 END) AS earlier,
       count(DISTINCT a) AS engagers
  RETURN received, withSentiment, negative,
         CASE WHEN withSentiment > 0 THEN sentimentSum / withSentiment END AS sentiment,
         recency, recent, earlier, engagers
}
CALL (p, topicIds) {
  OPTIONAL MATCH (p)-[:PERFORMED]->(i)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
    AND EXISTS { (i)-[:ABOUT]->(t:Topic) WHERE t.id IN topicIds }
  RETURN count(i) AS performed
}
CALL (p) {
  OPTIONAL MATCH (p)-[:PERFORMED|TARGETS]-(i)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  RETURN count(i) AS allActivity
}
RETURN pid AS id, p.kind AS kind, coalesce(p.followers, 0) AS followers,
       COUNT { (p)<-[:FOLLOWS]-(:Person) } AS followedBy,
       received, withSentiment, negative, sentiment,
       received + performed AS onTopic, allActivity, recency, recent, earlier, engagers
