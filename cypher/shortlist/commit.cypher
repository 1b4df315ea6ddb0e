// The end of a shortlist job, ONE transaction, if this worker still holds the job: keep the
// answer as a ShortlistResult node (id = the job's id) with one PICKED relationship per pick
// to the picked person, and mark the job succeeded. The picks are relationships, not ids in a
// property: erasing a person (person/erase, DETACH DELETE) takes their pick with it, and no
// property names them. Lock order: the job (SET lockedAt).
// Parameters: $jobId, $lease, $result (map: strategy, k, eligible, considered,
// expectedSpread, scoreExpectedSpread, overlap (JSON string), warning, samples, seed),
// $picks (list of maps: person, position, marginalGain, score, topic, roles, relevance,
// engagers, reason), $summary (JSON string).
// Returns: one row (id, picked: the picks kept; a person erased meanwhile is not), or none
// when the job is no longer this worker's.
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
CREATE (r:ShortlistResult {id: $jobId, jobId: $jobId, picks: size($picks), createdAt: datetime()})
SET r += $result
SET job.status = 'succeeded', job.progress = 1.0, job.stage = 'done',
    job.finishedAt = r.createdAt, job.updatedAt = datetime(), job.summary = $summary,
    job.error = null
WITH r
CALL (r) {
  UNWIND $picks AS pick
  MATCH (p:Person {id: pick.person})
  CREATE (r)-[:PICKED {
    position: pick.position, marginalGain: pick.marginalGain, score: pick.score,
    topic: pick.topic, roles: pick.roles, relevance: pick.relevance, engagers: pick.engagers,
    reason: pick.reason
  }]->(p)
  RETURN count(*) AS picked
}
RETURN r.id AS id, picked
