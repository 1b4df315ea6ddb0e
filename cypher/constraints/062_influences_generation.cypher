// A generation's INFLUENCES edges by its number: counting, listing and deleting them.
CREATE INDEX influences_generation IF NOT EXISTS FOR ()-[r:INFLUENCES]-() ON (r.generation)
