// Queue an analysis job. Parameters: $id, $kind, $topic, $params (JSON string).
// Returns: the job's fields (see jobs/get).
CREATE (j:Job {
  id: $id, kind: $kind, topic: $topic, params: $params, status: 'queued', progress: 0.0,
  stage: 'queued', attempts: 0, createdAt: datetime(), updatedAt: datetime()
})
RETURN j {.*} AS job
