// A topic's INFLUENCES edges by generation (jobId): deleting a stale generation, listing them.
CREATE INDEX influences_topic_job IF NOT EXISTS FOR ()-[r:INFLUENCES]-() ON (r.topic, r.jobId)
