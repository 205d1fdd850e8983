"""Fault injection for `make faults` only: loaded by ops/faults_gunicorn.py, never by the app.

FAULT_MODE chooses one patch, installed in each gunicorn worker after it boots:
  delay_before_commit  sleep inside the submission transaction, after the INSERTs
  delay_after_commit   sleep after COMMIT, before the response is sent
  rules_raise          the rules engine raises on every case
"""

import os
import time

DELAY = float(os.environ.get("FAULT_DELAY_S", "1.5"))


def install(mode: str) -> None:
    import intake.services as services
    import triage.rules as rules

    if mode == "delay_before_commit":
        store = services._store

        def slow_store(*args, **kwargs):
            submission = store(*args, **kwargs)
            time.sleep(DELAY)
            return submission

        services._store = slow_store
    elif mode == "delay_after_commit":
        deliver = services.deliver_after_commit

        def slow_deliver(*args, **kwargs):
            deliver(*args, **kwargs)
            time.sleep(DELAY)

        services.deliver_after_commit = slow_deliver
    elif mode == "rules_raise":

        def broken(case):
            raise RuntimeError("fault injected into the rules engine")

        rules.evaluate = broken
    elif mode:
        raise ValueError(f"unknown FAULT_MODE {mode!r}")
