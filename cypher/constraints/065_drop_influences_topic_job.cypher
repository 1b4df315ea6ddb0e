// Superseded by influences_generation: INFLUENCES edges carry their generation's number, no
// longer their topic and job id.
DROP INDEX influences_topic_job IF EXISTS
