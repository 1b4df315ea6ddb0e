// Rankings ordered by engagers read the current generation's INFLUENCE_ON scores in engagersRank
// order (influence/page_by_engagers), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_engagers_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.engagersRank)
