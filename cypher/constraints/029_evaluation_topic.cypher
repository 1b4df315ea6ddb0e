// A topic's back-tests are listed newest first.
CREATE INDEX evaluation_topic IF NOT EXISTS FOR (e:Evaluation) ON (e.topic, e.finishedAt)
