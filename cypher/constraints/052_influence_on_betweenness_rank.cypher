// Rankings ordered by betweenness read the current generation's INFLUENCE_ON scores in betweennessRank
// order (influence/page_by_betweenness), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_betweenness_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.betweennessRank)
