// Erasure tombstones: one (:ErasedPerson) per erased person, keyed by the SHA-256 (hex) of the
// person's id, never the id itself (person/erase writes it). The constraint's index serves
// the batched look-ups of ingest/erased_people.
CREATE CONSTRAINT erased_person_id_hash IF NOT EXISTS
FOR (e:ErasedPerson) REQUIRE e.idHash IS UNIQUE
