// Superseded by community_topic_job.
DROP INDEX community_topic IF EXISTS
