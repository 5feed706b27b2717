"""Launching Debian's Chromium for the browser tests, one way for every test.

The flags keep Chromium from reaching for the network on its own (this machine has none)
and let it run as root in a container. On CI (`CI` set) a missing browser or tool fails
the test instead of skipping it, so a broken install cannot pass as green.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def require(tool: str, package: str) -> None:
    """Skip (locally) or fail (on CI) when a Debian tool the test needs is missing."""
    if shutil.which(tool) is None and not Path(tool).exists():
        message = f"{tool} is not installed (apt-get install {package})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


def launch(playwright: Any) -> Any:
    require(str(CHROMIUM), "chromium")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
