"""gunicorn settings for `make faults`: the production settings plus the fault hooks."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

exec((ROOT / "gunicorn.conf.py").read_text())  # noqa: S102 - our own production config

workers = 2
timeout = 20
graceful_timeout = 15


def post_worker_init(worker):
    from ops.fault_hooks import install

    install(os.environ.get("FAULT_MODE", ""))
