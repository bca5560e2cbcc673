import subprocess
import sys
import time
from pathlib import Path

from bench.rss import Measured, TreeSampler, run_measured

MB = 1024 * 1024

# A child that starts a grandchild; the grandchild holds ~200 MB until told to let go.
_PARENT = """
import subprocess, sys
subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], check=True)
"""
_GRANDCHILD = """
import pathlib, sys, time
folder = pathlib.Path(sys.argv[1])
block = bytearray(200 * 1024 * 1024)
for i in range(0, len(block), 4096):
    block[i] = 1  # touch every page so it is resident
(folder / "ready").write_text("")
while not (folder / "release").exists():
    time.sleep(0.02)
"""


def test_peak_rss_includes_memory_held_by_grandchildren(tmp_path: Path):
    child = subprocess.Popen([sys.executable, "-c", _PARENT, _GRANDCHILD, str(tmp_path)])
    with TreeSampler(child.pid, interval=0.02) as sampler:
        while not (tmp_path / "ready").exists():
            time.sleep(0.02)
        ready_at = time.time()
        # Wait for samples taken after the memory was in place, however slow the machine.
        while sum(1 for t, _ in sampler.samples if t > ready_at) < 3:
            time.sleep(0.02)
        (tmp_path / "release").write_text("")
        assert child.wait() == 0
    assert sampler.peak >= 200 * MB


def test_run_measured_reports_exit_code_wall_time_and_output(tmp_path: Path):
    log = tmp_path / "out.log"
    measured = run_measured(
        [sys.executable, "-c", "print('hello'); raise SystemExit(3)"], env={}, log=log
    )
    assert measured.returncode == 3
    assert measured.wall_seconds > 0
    assert "hello" in log.read_text()


def test_peak_between_takes_only_samples_inside_the_window():
    measured = Measured(0, 3.0, 900, 100.0, [(100.0, 100), (101.0, 900), (102.0, 300)])
    assert measured.peak_between(101.5, 102.5) == 300
    assert measured.peak_between(100.0, 101.0) == 900
    assert measured.peak_between(200.0, 201.0) == 0


def test_cpu_seconds_count_the_work_of_the_whole_tree(tmp_path: Path):
    busy = "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\n"
    parent = f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', {busy!r}])\n"
    measured = run_measured([sys.executable, "-c", parent], env={}, log=tmp_path / "log")
    assert measured.cpu_seconds >= 0.5
