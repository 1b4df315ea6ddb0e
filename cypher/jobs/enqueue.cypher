// Queue an analysis job, unless the same one is already queued or running, atomically.
// Parameters: $id, $kind, $topic, $params (JSON string), $dedupKey (kind, topic and options:
// equal keys are the same analysis), $owner (who asks: a key id or 'anonymous'; null for the
// operator's CLI, which is never capped), $maxActive (jobs an owner may have queued or
// running at once).
// Concurrent calls are serialised by write locks held to commit: first on the topic node,
// then on the owner's JobQuota node (unique per owner, see constraints/042), so whoever
// comes second sees the first one's job and count. The lock properties are removed again.
// Returns: job (the new or the existing job's fields, see jobs/get; null when refused),
// created (boolean), active (the owner's queued or running jobs before this call).
MATCH (t:Topic {id: $topic})
SET t._enqueueLock = true
MERGE (q:JobQuota {owner: coalesce($owner, '(operator)')})
SET q._enqueueLock = true
WITH t, q
OPTIONAL MATCH (same:Job {topic: $topic, dedupKey: $dedupKey})
WHERE same.status IN ['queued', 'running']
WITH t, q, same ORDER BY same.createdAt LIMIT 1
OPTIONAL MATCH (mine:Job {owner: $owner})
WHERE mine.status IN ['queued', 'running']
WITH t, q, same, count(mine) AS active
WITH t, q, same, active, same IS NULL AND ($owner IS NULL OR active < $maxActive) AS create
FOREACH (_ IN CASE WHEN create THEN [1] ELSE [] END |
  CREATE (:Job {
    id: $id, kind: $kind, topic: $topic, params: $params, dedupKey: $dedupKey, owner: $owner,
    status: 'queued', progress: 0.0, stage: 'queued', attempts: 0,
    createdAt: datetime(), updatedAt: datetime()
  })
)
REMOVE t._enqueueLock, q._enqueueLock
WITH same, active, create
OPTIONAL MATCH (new:Job {id: $id})
WHERE create
WITH coalesce(same, new) AS job, create, active
RETURN job {.*} AS job, create AS created, active
