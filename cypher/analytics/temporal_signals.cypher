// The temporal signals of scoring, per person of a topic graph, from the engagement they
// received on the topic (T and subtopics) in the window, each interaction weighted as the
// projection weighs it ($weights[type] x count; an interaction about several topics of the
// tree counts once):
// - recency: sum of weight x 0.5 ^ (age in days / $halfLifeDays), age measured to $asOf
//   (an interaction after $asOf counts as age 0);
// - recent, earlier: sum of weight in the window's last $recentShare, and before it;
// - engagers: distinct people who performed those interactions.
// The window is [$since, $until); an open start is the topic's first interaction in the
// window, an open end is $asOf (for splitting it into parts only).
// Parameters: $topic, $since, $until (ISO or null), $asOf (ISO), $weights (map type -> number),
// $halfLifeDays (> 0), $recentShare (0-1), $ids (person ids).
// Returns: id, recency, recent, earlier, engagers.
MATCH (root:Topic {id: $topic})
WITH [(t:Topic)-[:SUBTOPIC_OF*0..]->(root) | t.id] AS topicIds, datetime($asOf) AS asOf
CALL (topicIds, asOf) {
  OPTIONAL MATCH (i:Interaction)-[:ABOUT]->(t:Topic)
  WHERE t.id IN topicIds
    AND ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
  WITH asOf, min(i.at) AS first
  WITH coalesce(datetime($since), first, asOf) AS windowStart,
       coalesce(datetime($until), asOf) AS windowEnd
  RETURN windowStart + duration({seconds: toInteger(
           duration.inSeconds(windowStart, windowEnd).seconds * (1.0 - $recentShare))}) AS recentFrom
}
UNWIND $ids AS pid
MATCH (p:Person {id: pid})
CALL (p, topicIds, asOf, recentFrom) {
  OPTIONAL MATCH (a:Person)-[:PERFORMED]->(i:Interaction)-[:TARGETS]->(p)
  WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
    AND EXISTS { (i)-[:ABOUT]->(t:Topic) WHERE t.id IN topicIds }
  WITH a, i, coalesce($weights[i.type], 0.0) * coalesce(i.count, 1) AS w
  WITH a, i, w,
       CASE WHEN i.at > asOf THEN 0.0
            ELSE duration.inSeconds(i.at, asOf).seconds / 86400.0 END AS ageDays
  RETURN coalesce(sum(w * 0.5 ^ (ageDays / $halfLifeDays)), 0.0) AS recency,
         sum(CASE WHEN i.at >= recentFrom THEN w ELSE 0.0 END) AS recent,
         sum(CASE WHEN i.at < recentFrom THEN w ELSE 0.0 END) AS earlier,
         count(DISTINCT a) AS engagers
}
RETURN pid AS id, recency, recent, earlier, engagers
