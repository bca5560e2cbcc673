"""Named points where a load can be held, so tests can kill it at exactly that point.

Setting ``BGW_PAUSE_AT=<point>`` makes a process that reaches that point write
``<warehouse>/.paused-<point>`` and wait; the kill tests then SIGKILL it there. Unset (always,
outside those tests) a pause point costs one environment lookup.
"""

from __future__ import annotations

import os
import time

from orchestration.lib import settings


def pause_point(name: str) -> None:
    if os.environ.get("BGW_PAUSE_AT") != name:
        return
    marker = settings.warehouse_dir() / f".paused-{name}"
    marker.write_text(str(os.getpid()))
    time.sleep(600)
