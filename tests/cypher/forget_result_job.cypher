// Test only: make a topic's results look like those written before generations existed (no
// Topic.resultJobId), as constraints/040_topic_result_job finds them after an upgrade.
// Parameters: $topic. Returns: topic.
MATCH (t:Topic {id: $topic})
REMOVE t.resultJobId, t.resultAt
RETURN t.id AS topic
