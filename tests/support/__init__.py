"""Helpers shared by tests that run the site in real processes."""
