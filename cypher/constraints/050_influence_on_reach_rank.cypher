// Rankings ordered by reach read the current generation's INFLUENCE_ON scores in reachRank
// order (influence/page_by_reach), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_reach_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.reachRank)
