"""Shared by the benchmark scripts: corpora from ../shared, timing and memory helpers."""

from __future__ import annotations

import resource
import statistics
import sys
import tarfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
UNGDC = SHARED / "corpora" / "ungdc.tar.xz"


def need(path: Path) -> None:
    if not path.exists():
        sys.exit(f"{path} is missing: the benchmarks read ../shared beside the repository")


def extract_ungdc(target: Path, sessions: range) -> int:
    """Copy the speeches of the given sessions into ``target`` (once); returns the file count."""
    need(UNGDC)
    marker = target / ".complete"
    if not marker.exists():
        target.mkdir(parents=True, exist_ok=True)
        wanted = tuple(f"TXT/Session {n:02d} " for n in sessions)
        with tarfile.open(UNGDC, "r:xz") as archive:
            for member in archive:
                if member.isfile() and member.name.startswith(wanted):
                    data = archive.extractfile(member).read()
                    (target / Path(member.name).name).write_bytes(data)
        marker.write_text("")
    return len(list(target.glob("*.txt")))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples_ms: list[float]) -> str:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered):7.2f} ms   p95 {p95:7.2f} ms   (n={len(ordered)})"


class Timer:
    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
