// How many interactions the graph holds (bench/watch.py --reuse checks its base is there).
// Parameters: none. Returns: interactions.
MATCH (i:Interaction)
RETURN count(i) AS interactions
