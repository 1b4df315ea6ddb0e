// Everyone scored on the brief's topics, from each topic's current results, for a campaign
// shortlist (the brief's filters are applied by the caller, which names the one that empties
// the set). Parameters: $topics (list of topic ids).
// Returns: one row, rows: a list of [topic, person id, score, rank, roles, relevance, kind,
// language, country] (positional: decoded faster than maps).
UNWIND $topics AS topic
MATCH (t:Topic {id: topic})
MATCH (p:Person)-[r:INFLUENCE_ON]->(:Topic)
WHERE r.topic = topic AND r.jobId = t.resultJobId AND r.rank IS NOT NULL
RETURN collect([topic, p.id, r.score, r.rank, coalesce(r.roles, []), r.relevance,
                p.kind, p.language, p.country]) AS rows
