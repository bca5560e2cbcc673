import gc
import weakref

import polars as pl

from orchestration.lib import memory


class _Cycle:
    def __init__(self, payload: pl.DataFrame) -> None:
        self.payload = payload
        self.me = self


def test_garbage_in_cycles_is_collected_once_the_process_has_grown_by_a_step(monkeypatch):
    sizes = iter([1_000, 1_000 + 10, 1_000 + 10, 1_000 + 500, 1_000 + 20])
    monkeypatch.setattr(memory, "resident_bytes", lambda: next(sizes))
    gc.collect()
    gc.disable()
    try:
        reclaimer = memory.Reclaimer(step=100)  # base 1,000
        cycle = _Cycle(pl.DataFrame({"n": range(10)}))
        alive = weakref.ref(cycle)
        del cycle
        reclaimer.after_step()  # grown by 10: no collection
        assert alive() is not None and reclaimer.collections == 0
        reclaimer.after_step()  # grown by 10 again, still under the step
        assert alive() is not None
        reclaimer.after_step()  # grown by 500: collect, new base 1,020
        assert alive() is None and reclaimer.collections == 1
    finally:
        gc.enable()
