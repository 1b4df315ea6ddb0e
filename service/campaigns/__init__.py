"""Brands, their campaigns and what the campaigns changed."""
