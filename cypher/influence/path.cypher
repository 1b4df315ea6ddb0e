// The strongest influence chain from $from to $to on a topic (its current results): among the
// chains with the fewest hops (at most $maxHops), the one whose weakest link is strongest
// (ties: larger total weight). Only links of the topic's current generation are walked.
// Parameters: $from, $to, $topic, $maxHops (1-6). Returns: people (ids along the chain),
// links (list of {from, to, weight, interactions, lastAt (ISO-8601 string)}), weakest, total.
MATCH (t:Topic {id: $topic})
WITH t.resultGeneration AS generation
MATCH (a:Person {id: $from}), (b:Person {id: $to})
MATCH p = ALL SHORTEST (a)(()-[l:INFLUENCES]->() WHERE l.generation = generation){1,6}(b)
WHERE length(p) <= $maxHops
WITH p, [r IN relationships(p) | r.weight] AS weights
WITH p, weights, reduce(m = weights[0], w IN weights | CASE WHEN w < m THEN w ELSE m END) AS weakest,
     reduce(s = 0.0, w IN weights | s + w) AS total
RETURN [n IN nodes(p) | n.id] AS people,
       [r IN relationships(p) | {from: startNode(r).id, to: endNode(r).id, weight: r.weight,
                                 interactions: toInteger(r.interactions),
                                 lastAt: toString(datetime({epochMillis: toInteger(r.lastAt)}))}] AS links,
       weakest, total
ORDER BY weakest DESC, total DESC
LIMIT 1
