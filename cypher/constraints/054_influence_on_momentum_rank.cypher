// Rankings ordered by momentum read the current generation's INFLUENCE_ON scores in momentumRank
// order (influence/page_by_momentum), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_momentum_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.momentumRank)
