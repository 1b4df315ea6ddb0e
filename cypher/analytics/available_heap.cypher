// The heap GDS may still use, in bytes: the default memory budget of an analysis.
// Parameters: none. Returns: bytes (integer).
CALL gds.debug.sysInfo() YIELD key, value
WITH key, value WHERE key = 'availableHeapInBytes'
RETURN toInteger(value) AS bytes
