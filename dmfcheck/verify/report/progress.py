"""A one-line progress bar on stderr, shown only when stderr is a terminal (no tqdm needed).

The CLI wraps its loop over claims: ``for claim in progress(claims, len(claims), "checking")``.
Piped or captured stderr (CI logs, pytest) sees nothing.
"""
from __future__ import annotations

import sys
import time
from typing import Iterable, Iterator, Optional, TypeVar

T = TypeVar("T")

_WIDTH = 30
_MIN_INTERVAL = 0.1  # seconds between redraws


def bar_line(done: int, total: Optional[int], label: str, elapsed: float) -> str:
    """The text of the bar after ``done`` items.

    >>> bar_line(3, 12, "checking", 4.0)
    'checking [########......................] 3/12 4s'
    >>> bar_line(5, None, "checking", 0.5)
    'checking 5 0s'
    """
    secs = f"{elapsed:.0f}s"
    if not total:
        return f"{label} {done} {secs}"
    filled = min(_WIDTH, round(_WIDTH * done / total))
    return f"{label} [{'#' * filled}{'.' * (_WIDTH - filled)}] {done}/{total} {secs}"


def progress(iterable: Iterable[T], total: Optional[int], label: str) -> Iterator[T]:
    """Yield the items of ``iterable``, redrawing a bar on stderr if it is a TTY."""
    stream = sys.stderr
    if not stream.isatty():
        yield from iterable
        return
    start = last = time.monotonic()
    done = 0
    try:
        for item in iterable:
            yield item
            done += 1
            now = time.monotonic()
            if now - last >= _MIN_INTERVAL or done == total:
                stream.write("\r" + bar_line(done, total, label, now - start) + "\x1b[K")
                stream.flush()
                last = now
    finally:
        stream.write("\r" + bar_line(done, total, label, time.monotonic() - start) + "\x1b[K\n")
        stream.flush()
