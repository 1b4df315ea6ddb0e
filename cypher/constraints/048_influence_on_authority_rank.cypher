// Rankings ordered by authority read the current generation's INFLUENCE_ON scores in authorityRank
// order (influence/page_by_authority), like the score ranking reads rank.
CREATE INDEX influence_on_topic_job_authority_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.authorityRank)
