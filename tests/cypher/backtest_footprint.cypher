// Test only: what back-tests leave in the graph: Job and Evaluation nodes, and the topics
// carrying a calibrated blend. Parameters: none. Returns: jobs, evaluations, calibratedTopics.
CALL () { MATCH (j:Job) RETURN count(j) AS jobs }
CALL () { MATCH (e:Evaluation) RETURN count(e) AS evaluations }
CALL () { MATCH (t:Topic) WHERE t.scoringWeights IS NOT NULL RETURN count(t) AS calibratedTopics }
RETURN jobs, evaluations, calibratedTopics
