// The GDS procedures this server offers (tiers differ between editions and versions).
// Parameters: none. Returns: name (one row per procedure).
CALL gds.list() YIELD name
RETURN name
