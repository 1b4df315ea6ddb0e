// Superseded by influence_on_topic_job_rank, which seeks the current generation exactly.
DROP INDEX influence_on_topic_rank IF EXISTS
