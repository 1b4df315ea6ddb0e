// Every stored ShortlistResult (a shortlist job's answer) has a unique id (its job's id).
CREATE CONSTRAINT shortlist_result_id IF NOT EXISTS FOR (r:ShortlistResult) REQUIRE r.id IS UNIQUE
