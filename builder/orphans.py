"""Worker processes end with the build that started them.

When the main process of a build is killed (SIGKILL from a CI timeout or an impatient
user), a worker laying out a long PDF section would otherwise run on for minutes and then
write into a staging folder nobody will use. Each worker watches its parent: once it is
gone (the worker has been re-parented), the worker ends at once.
"""

from __future__ import annotations

import os
import threading
import time

POLL_SECONDS = 0.5


def exit_with_parent(parent: int) -> None:
    """Call first thing in a worker process (a pool initializer), with the pid of the
    process that started the pool (passed along: by the time a spawned worker has imported
    its modules, its parent may already be gone)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(POLL_SECONDS)
        os._exit(1)  # no clean-up: the staging folder is the next build's to remove

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
