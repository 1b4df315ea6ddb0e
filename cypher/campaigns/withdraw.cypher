// Withdraw people from a campaign (remove their ENLISTED_IN). Parameters: $id (campaign id),
// $people (person ids). Returns: withdrawn (relationships removed).
MATCH (p:Person)-[e:ENLISTED_IN]->(:Campaign {id: $id})
WHERE p.id IN $people
DELETE e
RETURN count(*) AS withdrawn
