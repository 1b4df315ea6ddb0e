// The blend a topic's analyses use when a job gives none: what a calibrating back-test chose,
// with its provenance. Parameters: $topic.
// Returns: topicFound, weights (JSON string or null), halfLifeDays, metric, value,
// evaluationId, calibratedAt (ISO string or null).
OPTIONAL MATCH (t:Topic {id: $topic})
RETURN t IS NOT NULL AS topicFound, t.scoringWeights AS weights,
       t.scoringHalfLifeDays AS halfLifeDays, t.scoringMetric AS metric,
       t.scoringValue AS value, t.scoringEvaluationId AS evaluationId,
       toString(t.scoringCalibratedAt) AS calibratedAt
