"""Give memory back between the partitions and batches of a long load.

A backfill lands every partition of a source, then runs its suites, in one process (all
sources in one process for ``orchestration.cli all``). Two things made such a process grow
with every partition instead of staying as big as its largest one:

- Objects that refer to one another in a cycle (an HTTP client's responses with their bodies,
  Great Expectations' contexts) are freed only by Python's cycle collector, whose full pass
  waits until the long-lived objects have grown by a quarter, which a process that imported
  Dagster seldom reaches: responses of a hundred months were kept.
- Memory that was freed stays in the C allocator's arenas and in Arrow's pool, counted in
  the process's resident size, until they are asked to give it back.

A full collector pass walks every live object (a third of a second once Dagster is
imported), so it runs when the process has grown by ``step`` since the last one rather than
after every partition; giving freed memory back is cheap and runs every time.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from typing import Any

import psutil

STEP_BYTES = 256 * 1024 * 1024


def _load_libc() -> Any:
    # glibc keeps freed memory in its arenas until asked; other C libraries have no trim.
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    return libc if libc is not None and hasattr(libc, "malloc_trim") else None


_libc = _load_libc()


def resident_bytes() -> int:
    return psutil.Process().memory_info().rss


def give_back() -> None:
    """Return memory freed objects left in Arrow's pool and the C allocator to the system."""
    import pyarrow as pa

    pa.default_memory_pool().release_unused()
    if _libc is not None:
        _libc.malloc_trim(0)


class Reclaimer:
    """Call ``after_step()`` after each partition landed or batch validated."""

    def __init__(self, step: int = STEP_BYTES) -> None:
        self.step = step
        self.collections = 0
        self._base = resident_bytes()

    def after_step(self) -> None:
        give_back()
        if resident_bytes() - self._base > self.step:
            self.collect()

    def collect(self) -> None:
        gc.collect()
        give_back()
        self.collections += 1
        self._base = resident_bytes()
