"""Influencer campaigns: brands, their campaigns and what they changed; briefs and shortlists."""
