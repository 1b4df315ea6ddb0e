// The version of the Graph Data Science library installed on the server.
// Returns: version (string). Parameters: none.
RETURN gds.version() AS version
