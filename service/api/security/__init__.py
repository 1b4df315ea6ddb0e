"""Who may call the API and how much one request may cost: keys, scopes, limits, cost."""
