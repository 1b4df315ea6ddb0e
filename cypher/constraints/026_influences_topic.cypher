// Analysis jobs replace a topic's INFLUENCES edges: find them by topic.
CREATE INDEX influences_topic IF NOT EXISTS FOR ()-[r:INFLUENCES]-() ON (r.topic)
