"""Errors that end a run with exit code 2 and a message naming the file and position."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for the hints only: model.py's dataclasses cost 20 ms to import
    from .model import Location


class InputError(Exception):
    """The input cannot be used: nothing usable is left. The CLI prints it and exits 2."""

    def __init__(self, message: str, path: str | None = None, location: Location | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.location = location

    def __str__(self) -> str:
        if self.location is not None:
            return f"{self.location}: error: {self.message}"
        if self.path:
            return f"{self.path}: error: {self.message}"
        return f"error: {self.message}"


class UsageError(Exception):
    """The command line asks for something impossible (unknown format, missing --main file)."""
