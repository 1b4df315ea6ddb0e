// Rankings read INFLUENCE_ON scores by topic and rank.
CREATE INDEX influence_on_topic_rank IF NOT EXISTS FOR ()-[r:INFLUENCE_ON]-() ON (r.topic, r.rank)
