// The people a generation of a topic's INFLUENCES edges can start from as engagers: whoever
// performed an interaction about the topic (T and its subtopics) in [$since, $until) that
// targets a person. Read when GDS could not write the edges (analytics/write_influences over
// the server's transaction memory), so that analytics/write_influence_batch writes them in
// batches of engagers; a person whose interactions weigh nothing gets no edge there.
// Parameters: $topic, $since, $until (ISO or null). Returns: person (id), one row each.
MATCH (root:Topic {id: $topic})
MATCH (t:Topic)-[:SUBTOPIC_OF*0..]->(root)
MATCH (t)<-[:ABOUT]-(i)  // unlabelled: expanded from each topic, as in analytics/recent_from
WHERE ($since IS NULL OR i.at >= datetime($since)) AND ($until IS NULL OR i.at < datetime($until))
MATCH (engager:Person)-[:PERFORMED]->(i)-[:TARGETS]->(:Person)
RETURN DISTINCT engager.id AS person
