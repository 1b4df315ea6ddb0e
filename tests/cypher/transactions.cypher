// Test only: what the server is running, for a test that found a command still running.
// Parameters: none. Returns: one row per transaction: id, status (says which lock it waits
// for, if any), seconds (elapsed), query (its current query, cut to 300 characters).
SHOW TRANSACTIONS
YIELD transactionId, status, elapsedTime, currentQuery
RETURN transactionId AS id, status, elapsedTime.seconds AS seconds,
       left(currentQuery, 300) AS query
ORDER BY seconds DESC
