// Rankings ordered by recency read the current generation's INFLUENCE_ON scores in recencyRank
// order (influence/page_by_recency), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_recency_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.recencyRank)
