// Whether a topic exists and has been analysed (has INFLUENCE_ON scores).
// Parameters: $topic. Returns: exists (boolean), scored (count of scores).
OPTIONAL MATCH (t:Topic {id: $topic})
RETURN t IS NOT NULL AS exists,
       CASE WHEN t IS NULL THEN 0 ELSE COUNT { (t)<-[:INFLUENCE_ON]-() } END AS scored
