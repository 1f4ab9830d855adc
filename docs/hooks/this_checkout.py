"""MkDocs hook: the command reference (mkdocs-click imports `aictdata.cli`) documents the
aictdata of this checkout, whatever the environment running mkdocs has installed: none
(mkdocs from pipx or the system), or an editable install of another checkout or worktree,
which would otherwise fail with « No module named 'aictdata' » or document other code."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any


def on_config(config: Any) -> Any:
    checkout = str(Path(config.config_file_path).resolve().parent)
    if sys.path[:1] != [checkout]:
        sys.path.insert(0, checkout)
    return config
