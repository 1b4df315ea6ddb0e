// A topic's Community nodes by generation (jobId): reading the current one, deleting stale ones.
CREATE INDEX community_topic_job IF NOT EXISTS FOR (c:Community) ON (c.topic, c.jobId)
