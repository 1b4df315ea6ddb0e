// Write a batch of Community nodes with their members' MEMBER_OF edges. Part of the write-back
// transaction, after analytics/commit_job matched. Parameters: $topic, $jobId, $lease, $rows:
// list of {id, algorithm, number, size, members (person ids)}. Returns: written (memberships).
MATCH (job:Job {id: $jobId, lease: $lease, status: 'succeeded'})
UNWIND $rows AS row
CREATE (c:Community {
  id: row.id, topic: $topic, algorithm: row.algorithm, number: row.number, size: row.size,
  jobId: $jobId, computedAt: job.finishedAt
})
WITH c, row
UNWIND row.members AS member
MATCH (p:Person {id: member})
CREATE (p)-[:MEMBER_OF]->(c)
RETURN count(*) AS written
