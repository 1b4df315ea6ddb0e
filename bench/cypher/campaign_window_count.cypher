// The floor a campaign report is compared with: the interactions in a time window, counted
// through the `interaction_at` index. Parameters: $from, $to (ISO-8601 strings).
// Returns: interactions.
MATCH (i:Interaction)
WHERE datetime($from) <= i.at < datetime($to)
RETURN count(i) AS interactions
