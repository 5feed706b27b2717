"""Worker processes end with the build that started them.

When the main process of a build is killed (SIGKILL from a CI timeout or an impatient
user), a worker laying out a long PDF section would otherwise run on for minutes and then
write into a staging folder nobody will use. Each worker watches its parent: once it is
gone, the worker ends at once.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time

POLL_SECONDS = 0.5


def exit_with_parent(parent: int) -> None:
    """Call first thing in a worker process (a pool initializer), with the pid of the
    process that started the pool (passed along: by the time a spawned worker has imported
    its modules, its parent may already be gone). A worker that multiprocessing started
    for that process waits on the pipe multiprocessing keeps open from it, which closes
    when it ends: such a worker's parent may be a fork server, not the build."""
    starter = multiprocessing.parent_process()

    def watch() -> None:
        if starter is not None and starter.pid == parent:
            starter.join()
        else:
            while os.getppid() == parent:
                time.sleep(POLL_SECONDS)
        os._exit(1)  # no clean-up: the staging folder is the next build's to remove

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()
