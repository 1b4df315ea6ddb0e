// Rankings ordered by relevance read the current generation's INFLUENCE_ON scores in relevanceRank
// order (influence/page_by_relevance), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_relevance_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.relevanceRank)
