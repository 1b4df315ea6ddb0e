// People pages are ordered by (name, id): this index serves their seek and their order.
CREATE INDEX person_name_id IF NOT EXISTS FOR (p:Person) ON (p.name, p.id)
