"""`make faults`: fault injection against gunicorn + PostgreSQL on loopback.

For each scenario it starts gunicorn (DEBUG off) on a fresh database, drives intake
submissions through the clinic API with a client that retries each intake with the
same Idempotency-Key until it is acknowledged, injects the fault, and then checks the
invariant (security-reliability-performance.md, section c):

  every acknowledged intake exists exactly once, with its triage result, flag rows and
  audit event (verify_integrity), and every emergency or urgent case is on the dashboard.

It prints one row per scenario: requests acknowledged, rows, duplicates, verdict.
It restarts the local PostgreSQL cluster (scenarios 5 and 6), so do not run it while
something else uses that cluster. Exit status 1 if any scenario fails.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PORT = int(os.environ.get("FAULTS_PORT", "8199"))
DB = "triage_faults"
PG_URL = f"postgres://triage:triage@127.0.0.1:5432/{DB}"
WORK = Path("/tmp/lbp-faults")
PG_VERSION = sorted(os.listdir("/etc/postgresql"))[-1] if os.path.isdir("/etc/postgresql") else "15"

SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "faults-" + uuid.uuid4().hex * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "MFA_REQUIRED": "0",
    "DATABASE_URL": PG_URL,
    "CONN_MAX_AGE": "60",
    "INTAKE_RATE_PER_IP": "100000/h",
    "INTAKE_RATE_GLOBAL": "100000/h",
    "LOG_LEVEL": "WARNING",
}


# --- the database and the server ---


def run(*command: str, env: dict[str, str] | None = None, check: bool = True) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if check and done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout}{done.stderr}")
    return done.stdout


def manage(*args: str, env: dict[str, str] | None = None) -> str:
    return run(PY, str(ROOT / "manage.py"), *args, env=os.environ | SERVER_ENV | (env or {}))


def psql(sql: str) -> str:
    return run("su", "postgres", "-c", f'psql -v ON_ERROR_STOP=1 -tAc "{sql}"')


def fresh_database() -> str:
    run(str(ROOT / ".ci" / "postgres-up"))
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB} OWNER triage")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage("seed_demo", "--cases", "0")
    return manage("create_api_key", "demo", "--name", "faults").strip().splitlines()[-1]


class Server:
    def __init__(self, env: dict[str, str]):
        self.env = os.environ | SERVER_ENV | env
        self.pidfile = WORK / "gunicorn.pid"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.pidfile.unlink(missing_ok=True)
        log = (WORK / "gunicorn.log").open("ab")
        self.process = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "-c", "ops/faults_gunicorn.py",
             "--bind", f"127.0.0.1:{PORT}", "--pid", str(self.pidfile)],
            cwd=ROOT, env=self.env, stdout=log, stderr=log,
        )  # fmt: skip
        wait_until(lambda: http_status("GET", "/healthz") == 200, 20, "gunicorn did not start")

    def workers(self) -> list[int]:
        assert self.process is not None
        out = run("pgrep", "-P", str(self.process.pid), check=False)
        return [int(pid) for pid in out.split()]

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)


def wait_until(ready: Callable[[], bool], seconds: float, message: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(message)


def http_status(method: str, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
    try:
        connection.request(method, path)
        return connection.getresponse().status
    finally:
        connection.close()


# --- the retrying client ---


@dataclass
class Load:
    api_key: str
    intakes: int = 60
    threads: int = 4
    pause: float = 0.3  # between one thread's intakes, so the load spans the injected fault
    acked: dict[str, str] = field(default_factory=dict)  # idempotency key -> submission id
    failed_attempts: int = 0
    gave_up: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def body(self, rng: random.Random) -> bytes:
        urgent = rng.random() < 0.3
        case = {"age": rng.randint(20, 80), "symptom_duration_days": rng.randint(1, 60), "fever": urgent,
                "saddle_anesthesia": False, "bladder_dysfunction": False, "bowel_incontinence": False,
                "weakness": "none", "trauma": {"occurred": False}}  # fmt: skip
        return json.dumps({"case": case, "patient": {"name": "Fault Test"}}).encode()

    def submit(self, key: str, body: bytes) -> None:
        deadline = time.monotonic() + 90
        attempt = 0
        while time.monotonic() < deadline:
            attempt += 1
            try:
                connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                connection.request("POST", "/api/v1/intakes", body, {
                    "Authorization": f"Bearer {self.api_key}", "Idempotency-Key": key,
                    "Content-Type": "application/json"})  # fmt: skip
                response = connection.getresponse()
                payload = response.read()
                connection.close()
                if response.status in (200, 201):
                    with self.lock:
                        self.acked[key] = json.loads(payload)["id"]
                    return
            except (OSError, http.client.HTTPException):
                pass
            with self.lock:
                self.failed_attempts += 1
            time.sleep(min(0.2 * attempt, 2))
        with self.lock:
            self.gave_up.append(key)

    def run(self) -> None:
        keys = [f"faults-{uuid.uuid4().hex}" for _ in range(self.intakes)]
        chunks = [keys[i :: self.threads] for i in range(self.threads)]

        def worker(chunk: list[str], seed: int) -> None:
            rng = random.Random(seed)
            for key in chunk:
                self.submit(key, self.body(rng))
                time.sleep(self.pause)

        threads = [threading.Thread(target=worker, args=(chunk, i)) for i, chunk in enumerate(chunks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


# --- checking the invariant ---


def check(load: Load, expect: Expectation | None = None) -> tuple[int, int, str]:
    from django.db import connection

    from accounts.models import Membership
    from intake.integrity import find_problems
    from intake.models import Submission

    connection.close()  # the cluster may have restarted since the last query
    rows = Submission.objects.filter(idempotency_key__in=[f"api:{k}" for k in load.acked] + [
        f"api:{k}" for k in load.gave_up])  # fmt: skip
    per_key = Counter(rows.values_list("idempotency_key", flat=True))
    duplicates = sum(count - 1 for count in per_key.values())
    ids = {key.removeprefix("api:"): str(pk) for key, pk in rows.values_list("idempotency_key", "id")}
    missing = [k for k, pk in load.acked.items() if ids.get(k) != pk]
    clinician = Membership.objects.get(clinic__slug="demo").user
    red_flags = rows.filter(urgency_rank__lte=1).count()
    on_dashboard = Submission.objects.for_user(clinician).filter(pk__in=rows, urgency_rank__lte=1).count()
    problems = find_problems()
    reasons = []
    if missing:
        reasons.append(f"{len(missing)} acknowledged intakes missing")
    if duplicates:
        reasons.append(f"{duplicates} duplicates")
    if problems:
        reasons.append(f"{len(problems)} integrity problems ({problems[0].problem})")
    if on_dashboard != red_flags:
        reasons.append(f"{red_flags - on_dashboard} red-flag cases not on the dashboard")
    if load.gave_up:
        reasons.append(f"{len(load.gave_up)} intakes never acknowledged")
    extra = expect(rows) if expect else None
    if extra:
        reasons.append(extra)
    return rows.count(), duplicates, "PASS" if not reasons else "FAIL: " + "; ".join(reasons)


# --- scenarios ---


def kill_workers_repeatedly(server: Server, times: int = 3, every: float = 1.2) -> None:
    for _ in range(times):
        time.sleep(every)
        for pid in server.workers():
            os.kill(pid, signal.SIGKILL)


def restart_postgres(mode: str) -> Callable[[Server], None]:
    def inject(server: Server) -> None:
        time.sleep(1.0)
        run("pg_ctlcluster", PG_VERSION, "main", "restart", "-m", mode)

    return inject


def terminate_backends(server: Server) -> None:
    for _ in range(3):
        time.sleep(0.8)
        psql(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname='{DB}' AND pid <> pg_backend_pid()"
        )


def graceful_reload(server: Server) -> None:
    time.sleep(1.0)
    assert server.process is not None
    os.kill(server.process.pid, signal.SIGHUP)


def all_rules_failures_are_urgent(rows: Any) -> str | None:
    wrong = rows.exclude(triage_failed=True, urgency="urgent").count()
    return f"{wrong} cases not stored as urgent manual review" if wrong else None


def alerts_wait_in_the_outbox(rows: Any) -> str | None:
    from intake.models import Notification

    alerts = Notification.objects.filter(submission__in=rows)
    sent = alerts.filter(state=Notification.State.SENT).count()
    pending = alerts.filter(state=Notification.State.PENDING).count()
    expected = rows.filter(urgency_rank__lte=1).count()
    if sent == 0 and pending == expected > 0:
        return None
    return f"outbox: {sent} sent, {pending} pending, {expected} expected pending"


Expectation = Callable[[Any], str | None]  # extra check on the scenario's rows
SCENARIOS: list[tuple[str, dict[str, str], Callable[[Server], None] | None, Expectation | None]] = [
    ("baseline, no fault", {}, None, None),
    ("worker SIGKILL before commit", {"FAULT_MODE": "delay_before_commit"}, kill_workers_repeatedly, None),
    ("worker SIGKILL after commit", {"FAULT_MODE": "delay_after_commit"}, kill_workers_repeatedly, None),
    ("PostgreSQL restart -m fast under load", {}, restart_postgres("fast"), None),
    ("PostgreSQL restart -m immediate under load", {}, restart_postgres("immediate"), None),
    ("backends terminated under load", {}, terminate_backends, None),
    ("e-mail server unreachable", {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": "9", "EMAIL_USE_TLS": "0"},
     None, alerts_wait_in_the_outbox),
    ("rules engine raises", {"FAULT_MODE": "rules_raise"}, None, all_rules_failures_are_urgent),
    ("graceful reload (SIGHUP) under load", {}, graceful_reload, None),
]  # fmt: skip


def main() -> int:
    if not shutil.which("pg_ctlcluster"):
        raise SystemExit("PostgreSQL (pg_ctlcluster) is required")
    WORK.mkdir(exist_ok=True)
    os.chdir(ROOT)
    started = time.monotonic()
    api_key = fresh_database()
    os.environ.update(SERVER_ENV | {"DEBUG": "1"})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    rows_out = []
    failed = False
    for name, env, inject, expect in SCENARIOS:
        from django.db import connection

        connection.close()
        server = Server(env)
        server.start()
        load = Load(api_key)
        injector = threading.Thread(target=inject, args=(server,)) if inject else None
        if injector:
            injector.start()
        load.run()
        if injector:
            injector.join()
        if "EMAIL_HOST" in env:
            time.sleep(0.5)
        server.stop()
        rows, duplicates, verdict = check(load, expect)
        failed |= verdict != "PASS"
        rows_out.append((name, len(load.acked), rows, duplicates, load.failed_attempts, verdict))
        print(f"  done: {name} ({verdict.split(':')[0]})", flush=True)
    print()
    print(f"{'scenario':44} {'acked':>6} {'rows':>6} {'dupes':>6} {'retries':>8}  verdict")
    for name, acked, rows, duplicates, retries, verdict in rows_out:
        print(f"{name:44} {acked:>6} {rows:>6} {duplicates:>6} {retries:>8}  {verdict}")
    print(f"\n{len(SCENARIOS)} scenarios in {time.monotonic() - started:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
