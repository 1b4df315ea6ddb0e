// The Neo4j server's name, version and edition, and the GDS version.
// Returns: name, version, edition, gdsVersion (strings). Parameters: none.
CALL dbms.components() YIELD name, versions, edition
RETURN name, versions[0] AS version, edition, gds.version() AS gdsVersion
