// Test only: how many (:MemoryHog) nodes exist. Parameters: none. Returns: nodes.
MATCH (h:MemoryHog)
RETURN count(h) AS nodes
