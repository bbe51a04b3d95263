"""The offline Codegen API."""
