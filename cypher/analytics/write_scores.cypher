// Write a batch of INFLUENCE_ON scores (person -> topic). $rows: list of {person, props}, where
// props holds score, rank, role, roles and every component with its percentile. Part of the
// write-back transaction, after analytics/commit_job matched.
// Parameters: $topic, $jobId, $lease, $rows. Returns: written.
MATCH (job:Job {id: $jobId, lease: $lease, status: 'succeeded'})
MATCH (t:Topic {id: $topic})
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
CREATE (p)-[r:INFLUENCE_ON]->(t)
SET r = row.props, r.topic = $topic, r.jobId = $jobId, r.computedAt = job.finishedAt
RETURN count(*) AS written
