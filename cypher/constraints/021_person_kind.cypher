// Filter people by declared kind (celebrity, expert, employee, customer, media...).
CREATE INDEX person_kind IF NOT EXISTS FOR (p:Person) ON (p.kind)
