"""annotator: reads a paper's math and explains its notation."""

__version__ = "0.1.0"
