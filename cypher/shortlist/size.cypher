// How large a shortlist's search is: the influence edges of the brief's topics in their
// current results (what the cascade samples and walks; see docs/shortlist.md, "Inline or
// job"). Counted on the index influences_generation. Parameters: $topics (list of ids).
// Returns: one row: edges.
UNWIND $topics AS topic
MATCH (t:Topic {id: topic})
RETURN sum(COUNT { ()-[l:INFLUENCES]->() WHERE l.generation = t.resultGeneration })
       AS edges
