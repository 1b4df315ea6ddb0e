// Superseded by community_generation_id: a Community id is unique per generation only.
DROP CONSTRAINT community_id IF EXISTS
