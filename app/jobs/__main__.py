"""`python -m app.jobs`: the scheduled jobs without the web app (production, several web
instances running with PLP_RUN_SCHEDULER=false)."""

from __future__ import annotations

import signal
from types import FrameType

from app.adapters import log_format
from app.config import get_settings
from app.jobs.context import JobContext
from app.jobs.runner import JobRunner


def main() -> None:
    settings = get_settings()
    log_format.configure(settings.log_level, settings.log_format)  # JSON lines (issue 8)
    runner = JobRunner(JobContext.from_settings(settings), blocking=True)

    def stop(_signum: int, _frame: FrameType | None) -> None:
        runner.scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    try:
        runner.start()  # blocks until SIGTERM or Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
        runner.ctx.database.dispose()


if __name__ == "__main__":
    main()
