// Bench, raw GDS sequence: WCC on LINKS. Parameters: $graphName. Returns: componentCount.
CALL gds.wcc.mutate($graphName, {
  relationshipTypes: ['LINKS'], mutateProperty: 'wccCommunity'
}) YIELD componentCount
RETURN componentCount
