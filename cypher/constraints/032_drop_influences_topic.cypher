// Superseded by influences_topic_job.
DROP INDEX influences_topic IF EXISTS
