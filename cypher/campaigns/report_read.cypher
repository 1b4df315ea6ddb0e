// A campaign's stored report (service/campaigns/report_store.py) and whether it is current:
// `version` counts the writes that can have changed the campaign's results
// (report_invalidate.cypher), `reportOf` is the version the stored report was computed at.
// Parameters: $id. Returns: report (JSON text or null), version, reportOf (or null); no row
// when there is no such campaign.
MATCH (c:Campaign {id: $id})
RETURN c.report AS report, coalesce(c.reportVersion, 0) AS version, c.reportOf AS reportOf
