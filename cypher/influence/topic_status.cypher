// Whether a topic exists and has been analysed (has INFLUENCE_ON scores in its current
// results). Parameters: $topic. Returns: exists (boolean), scored (count of scores).
OPTIONAL MATCH (t:Topic {id: $topic})
RETURN t IS NOT NULL AS exists,
       CASE WHEN t IS NULL OR t.resultJobId IS NULL THEN 0
            ELSE COUNT { (t)<-[r:INFLUENCE_ON]-() WHERE r.jobId = t.resultJobId }
       END AS scored
