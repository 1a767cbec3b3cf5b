"""The lint commands (`annotator lint`, `annotator rules`, `annotator rule NAME`).

Registered by cli.py through `add_commands`; the lint package owns everything else.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable


def add_commands(commands: argparse._SubParsersAction,
                 add_knowledge_arguments: Callable[[argparse.ArgumentParser], None]) -> None:
    """Add the lint subcommands to the CLI's subparsers (none yet in this build)."""
