"""Renderers: an Analysis (or lint findings) to text in one output format each."""
