// A topic's jobs: their generations of INFLUENCES edges (analytics/result_generations).
CREATE INDEX job_topic IF NOT EXISTS FOR (j:Job) ON (j.topic)
