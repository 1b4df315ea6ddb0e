// The people of a topic's influence graph in a window, read beside the projection so that the
// scoring signals (analytics/person_signals) can be read while the algorithms run (and the
// engagers analytics/write_influence_batch starts from, when GDS cannot write the edges): whoever
// performed, or was the target of, an interaction about the topic (T and its subtopics) in
// [$since, $until) between two people. A superset of the projection's nodes (a person whose
// interactions all weigh nothing is not projected); scoring keeps the projection's.
// Parameters: $topic, $since, $until (ISO or null). Returns: person (id), one row each.
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (t)<-[:ABOUT]-(i)  // unlabelled: expanded from each topic, as in analytics/recent_from
WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(influencer:Person)
UNWIND [engager.id, influencer.id] AS person
RETURN DISTINCT person
