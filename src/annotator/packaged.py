"""The folder of a package's data files (the knowledge base's TOML, the definition
model), found without importlib.resources.

`importlib.resources.files()` is the general answer (a zip import, a custom loader), but
importing it and asking costs 10-20 ms per process on the way to a glossary; an
installed or editable package is a folder on disk, which its import spec names. The
general answer stays the fallback.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any


def data_folder(package: str) -> Any:
    """The package's folder as a Path (iterdir, joinpath, read_text, read_bytes), or
    its importlib.resources Traversable when it is not a folder on disk."""
    spec = importlib.util.find_spec(package)
    for location in (spec.submodule_search_locations or ()) if spec else ():
        folder = Path(location)
        if folder.is_dir():
            return folder
    from importlib import resources

    return resources.files(package)
