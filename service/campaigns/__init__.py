"""Influencer campaigns: briefs and shortlists (brands, campaigns and results beside them)."""
