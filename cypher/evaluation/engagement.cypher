// Engagement each person received on a topic (T and its subtopics) in [$since, $until): what a
// back-test measures rankings against (after the split) and its plain baselines (before it).
// Each interaction counts `count` times; weighted as the analysis weighs it ($weights[type]),
// without decay.
// Parameters: $topic, $since (ISO or null), $until (ISO), $weights (map type -> weight).
// Returns: person, weighted (float), shares (share interactions), interactions (all), engagers
// (distinct people who engaged); one row per person who received anything.
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
// `i` unlabelled: expanded from each topic, never found through the Interaction(at) index
// once per topic.
MATCH (t)<-[:ABOUT]-(i)
WHERE ($since IS NULL OR i.at >= datetime($since)) AND i.at < datetime($until)
WITH DISTINCT i
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(p:Person)
WITH p, engager, i, coalesce(i.count, 1) AS n
WITH p,
     sum(coalesce($weights[i.type], 0.0) * n) AS weighted,
     sum(CASE WHEN i.type = 'share' THEN n ELSE 0 END) AS shares,
     sum(n) AS interactions,
     count(DISTINCT engager) AS engagers
RETURN p.id AS person, weighted, shares, interactions, engagers
