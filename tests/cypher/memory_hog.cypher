// Test only: build a list of $n integers in one transaction, then record that it fitted.
// Used to make Neo4j's transaction memory limit trip for real. Parameters: $n.
// Returns: items (the list's size), after creating one (:MemoryHog) node.
UNWIND range(1, $n) AS i
WITH collect(i) AS items
CREATE (h:MemoryHog {items: size(items)})
RETURN h.items AS items
