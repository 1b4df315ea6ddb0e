// Test only: a small graph for checking the GDS client's PageRank by hand: nodes
// (:PrTest {n: 0..$nodes-1}) and one [:R] per [from, to] pair of $edges.
// Parameters: $nodes (count), $edges (list of [from, to] pairs of n).
// Returns: nodes, relationships (how many were created).
UNWIND range(0, $nodes - 1) AS i
CREATE (:PrTest {n: i})
WITH count(*) AS nodes
UNWIND $edges AS e
MATCH (a:PrTest {n: e[0]}), (b:PrTest {n: e[1]})
CREATE (a)-[:R]->(b)
RETURN nodes, count(*) AS relationships
