// Look people up by handle.
CREATE INDEX person_handle IF NOT EXISTS FOR (p:Person) ON (p.handle)
