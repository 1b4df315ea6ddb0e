// Influencers shared between two topics: people in the top $top of both rankings (current
// results), with their rank and role on each.
// In cypher-shell:
//   :param topicA => 'climate'
//   :param topicB => 'technology'
//   :param top => 200
// Parameters: $topicA, $topicB, $top. Returns: person, name, rankA, roleA, rankB, roleB,
// bestRank.
MATCH (ta:Topic {id: $topicA}), (tb:Topic {id: $topicB})
MATCH (p:Person)-[a:INFLUENCE_ON]->(:Topic)
WHERE a.topic = $topicA AND a.jobId = ta.resultJobId AND a.rank <= $top
MATCH (p)-[b:INFLUENCE_ON {topic: $topicB}]->(:Topic)
WHERE b.jobId = tb.resultJobId AND b.rank <= $top
RETURN p.id AS person, p.name AS name, a.rank AS rankA, a.role AS roleA, b.rank AS rankB,
       b.role AS roleB, CASE WHEN a.rank < b.rank THEN a.rank ELSE b.rank END AS bestRank
ORDER BY a.rank + b.rank, person
