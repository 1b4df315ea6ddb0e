// Analysis jobs replace a topic's Community nodes: find them by topic.
CREATE INDEX community_topic IF NOT EXISTS FOR (c:Community) ON (c.topic)
