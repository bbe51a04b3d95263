"""Pytest fixtures for the offline Codegen API (filled in by the offline-API work)."""
