// The baseline of bench/rankings: a topic's unfiltered ranking count counted over its current
// generation, as totalCount did before the count was stored. Parameters: $topic.
// Returns: total.
MATCH (t:Topic {id: $topic})
RETURN COUNT { ()-[r:INFLUENCE_ON]->(t) WHERE r.jobId = t.resultJobId AND r.rank IS NOT NULL }
       AS total
