// Warm introductions to a person on a topic (its current results): for each representative
// of the brand, the strongest of its shortest influence chains to the person (at most 3 hops,
// links walked in either direction: a tie either way), the chain's weakest link being its
// strength (ties: larger total weight). Employees and customer advocates first, then
// executives, then official accounts; then fewer hops, stronger chain, representative id.
// Parameters: $brand, $person, $topic, $limit.
// Returns: representative, role, hops, people (ids along the chain), links (list of {from, to,
// weight, interactions, lastAt}: `from` influenced `to`, i.e. `to` engaged `from`), weakest,
// total.
MATCH (t:Topic {id: $topic})
WITH t.resultGeneration AS generation
MATCH (target:Person {id: $person})
MATCH (rep:Person)-[rr:REPRESENTS]->(:Brand {id: $brand})
WHERE rep <> target
CALL {
  WITH rep, target, generation
  MATCH p = ALL SHORTEST (rep)(()-[l:INFLUENCES]-() WHERE l.generation = generation){1,3}(target)
  WITH p, [r IN relationships(p) | r.weight] AS weights
  WITH p, reduce(m = weights[0], w IN weights | CASE WHEN w < m THEN w ELSE m END) AS weakest,
       reduce(s = 0.0, w IN weights | s + w) AS total
  RETURN p, weakest, total
  ORDER BY weakest DESC, total DESC
  LIMIT 1
}
WITH rep, rr.role AS role, p, weakest, total,
     CASE rr.role WHEN 'employee' THEN 0 WHEN 'customer_advocate' THEN 0
                  WHEN 'executive' THEN 1 ELSE 2 END AS priority
RETURN rep.id AS representative, role, length(p) AS hops, [n IN nodes(p) | n.id] AS people,
       [r IN relationships(p) | {from: startNode(r).id, to: endNode(r).id, weight: r.weight,
                                 interactions: toInteger(r.interactions),
                                 lastAt: toString(datetime({epochMillis: toInteger(r.lastAt)}))}] AS links,
       weakest, total
ORDER BY priority, hops, weakest DESC, total DESC, representative
LIMIT $limit
