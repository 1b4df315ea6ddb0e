// The end of a back-test, ONE transaction, if this worker still holds the job: keep its
// figures as an Evaluation node (id = the job's id), mark the job succeeded, and, for a
// calibrating back-test, store the chosen blend on the topic with its provenance. Nothing of
// the topic's results is touched. Lock order: the job (SET lockedAt), then the topic.
// Parameters: $jobId, $lease, $topic, $params, $figures, $summary (JSON strings), $scoring
// (null, or a map: weights (JSON string), halfLifeDays (number or null), metric, value).
// Returns: evaluation (its properties); one row, or none when the job is no longer this
// worker's.
MATCH (job:Job {id: $jobId})
SET job.lockedAt = datetime()
WITH job WHERE job.status = 'running' AND job.lease = $lease
MATCH (t:Topic {id: $topic})
CREATE (e:Evaluation {
  id: $jobId, topic: $topic, jobId: $jobId, params: $params, figures: $figures,
  createdAt: job.createdAt, startedAt: job.startedAt, finishedAt: datetime()
})
SET job.status = 'succeeded', job.progress = 1.0, job.stage = 'done',
    job.finishedAt = e.finishedAt, job.updatedAt = datetime(), job.summary = $summary,
    job.error = null
FOREACH (s IN CASE WHEN $scoring IS NULL THEN [] ELSE [$scoring] END |
  SET t.scoringWeights = s.weights, t.scoringHalfLifeDays = s.halfLifeDays,
      t.scoringMetric = s.metric, t.scoringValue = s.value, t.scoringEvaluationId = $jobId,
      t.scoringCalibratedAt = e.finishedAt
)
RETURN e {.*} AS evaluation
