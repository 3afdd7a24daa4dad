"""`gen watch`: rebuild what changed on every save, until Ctrl-C.

Polling, not OS notifications: it needs no extra dependency, works the same on network drives and
in every editor (some save by replacing the file), and the incremental build makes each poll a
handful of stat() calls.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from gen.workflow.build import Result, build_all


def watch(
    paths: list[Path],
    out_dir: Path,
    content_dir: Path,
    report: Callable[[Result], None],
    interval: float = 0.5,
    keep_going: Callable[[], bool] = lambda: True,
) -> None:
    while keep_going():
        for result in build_all(paths, out_dir, content_dir):
            if not result.skipped:
                report(result)
        time.sleep(interval)
