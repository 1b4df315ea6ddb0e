// Native-projection route, clean-up: remove the staging label $stageLabel from up to $limit people.
// Parameters: $stageLabel, $limit. Returns: removed (repeat until 0).
MATCH (p:$($stageLabel))
WITH p LIMIT $limit
REMOVE p:$($stageLabel)
RETURN count(*) AS removed
