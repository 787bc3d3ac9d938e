"""Child processes that do not outlive the process that started them.

The indexer starts two kinds: extraction workers (forked) and Tesseract (run per page). When the
indexer is killed, or kills a worker at the time limit per file, an orphan would go on reading,
a hung file forever. Linux's ``PR_SET_PDEATHSIG`` has the kernel kill the child then, however
its parent dies.
"""

from __future__ import annotations

import ctypes
import signal

PR_SET_PDEATHSIG = 1  # prctl(2)


def die_with_parent() -> bool:
    """Called in the child: be killed when the parent dies. False where the kernel cannot do it
    (not Linux); the parent's own shutdown and time limits have to do then."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):
        return False
