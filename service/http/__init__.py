"""The ASGI side of the service: the middlewares in front of GraphQL, and the GraphQL view.

A request to /graphql passes, in order (`service.app.graphql_endpoint` builds the chain):
RequestContext (an id, counted) → BodySizeLimit (413) → RequestParsing (any body, query
string or WebSocket message is a GraphQL request or a 4xx with a code) → Authentication (401;
WebSocket handshakes too) → RateLimit (429) → RequestScreen (batch size, persisted queries, token
count) → ResponseCacheMiddleware (cached query answers) → GraphQLView (strawberry: parse,
validate with the per-operation limits, execute within the timeout; GraphQL-over-HTTP status
rules). Each middleware is a pure ASGI app with its own module and tests.
"""
