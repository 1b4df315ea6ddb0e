// Rankings ordered by resonance read the current generation's INFLUENCE_ON scores in resonanceRank
// order (influence/page_by_resonance), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_resonance_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.resonanceRank)
