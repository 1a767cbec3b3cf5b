"""The shipped knowledge base: TOML data files (see docs/knowledge-format.md)."""
