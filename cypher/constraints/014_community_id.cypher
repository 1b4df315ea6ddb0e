// Every Community has a unique id (topic, algorithm and number, joined).
CREATE CONSTRAINT community_id IF NOT EXISTS FOR (c:Community) REQUIRE c.id IS UNIQUE
