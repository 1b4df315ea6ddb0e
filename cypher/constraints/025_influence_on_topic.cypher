// Rankings read the INFLUENCE_ON scores of a topic's current generation (its jobId) in rank
// order; deleting a stale generation finds its scores by topic and jobId.
CREATE INDEX influence_on_topic_job_rank IF NOT EXISTS
FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.jobId, r.rank)
