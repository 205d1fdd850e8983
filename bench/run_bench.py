"""`make bench`: the app at scale, measured against a baseline in the same run.

Steps: start PostgreSQL if needed; a fresh `triage_bench` database; seed 100,000
intakes over 3 clinics (timed); serve with gunicorn (DEBUG off, MFA off, 3 sync
workers) on loopback; then, with wrk at 8 connections, measure each page in rounds
that alternate with the `/healthz` baseline (the full middleware stack, no database),
each with the cookies a browser would send:
the start page, an intake step (step 1, as a patient first sees it), the same step
with answers (a patient going back; reported), the queue (logged in), a case page, the overview,
Django admin's change list of submissions (a peer at the same page size), and
intake submissions through the API with unique idempotency keys (rows are then
counted against acknowledgements). Finally Lighthouse (mobile preset, Debian
Chromium) on the start page, an intake step and the queue.

Prints a table (requests/s, p50, p99, ratio to the baseline's throughput) and writes
the same figures to bench/results.json. Shared, noisy machine: read the ratios.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path
from statistics import median
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", "8198"))
BASE = f"http://127.0.0.1:{PORT}"
DB = "triage_bench"
PG_URL = f"postgres://triage:triage@127.0.0.1:5432/{DB}"
CASES = int(os.environ.get("BENCH_CASES", "100000"))
# BENCH_REUSE_DB=1 skips re-creating and re-seeding the database (while iterating; not for reports).
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 8
WORKERS = 3

SERVER_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "SECURE_SSL_REDIRECT": "0",
    "MFA_REQUIRED": "0",
    "DATABASE_URL": PG_URL,
    "CONN_MAX_AGE": "600",
    "INTAKE_RATE_PER_IP": "10000000/h",
    "INTAKE_RATE_GLOBAL": "10000000/h",
    "LOG_LEVEL": "WARNING",
    "DEMO_PASSWORD": "bench-password-not-secret",
}


def run(*command: str, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return done.stdout


def manage(*args: str) -> str:
    return run(PY, "manage.py", *args, env=os.environ | SERVER_ENV)


def psql(sql: str) -> str:
    return run("su", "postgres", "-c", f'psql -v ON_ERROR_STOP=1 -tAc "{sql}"')


def prepare_database() -> float:
    run(str(ROOT / ".ci" / "postgres-up"))
    if os.environ.get("BENCH_REUSE_DB") == "1":  # iterate on a seeded database; not for reports
        return float("nan")
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB} OWNER triage")
    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    started = time.monotonic()
    manage("seed_demo", "--cases", str(CASES), "--clinics", "3")
    seeded = time.monotonic() - started
    # What autovacuum does on a live system: statistics, and the visibility map that lets
    # the covering indexes answer the queue counts and the overview without the table.
    run("su", "postgres", "-c", f"psql -d {DB} -tAc 'VACUUM ANALYZE'")
    return seeded


def django_setup() -> None:
    os.environ.update(SERVER_ENV)  # the same settings as the server, so cookie names match
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fixtures() -> dict[str, Any]:
    """The cookies a browser would send (logged in; a patient at step 1; a patient back on an
    answered step), a case id and an API key, made in-process."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.test import Client

    from intake.models import Submission
    from tests.intake_steps import step_data

    clinician = get_user_model().objects.get(username="demo")
    clinician.is_staff = clinician.is_superuser = True  # the same login opens the admin peer
    clinician.save(update_fields=["is_staff", "is_superuser"])
    staff = Client(HTTP_HOST="127.0.0.1")
    staff.force_login(clinician)
    staff.get("/dashboard/")  # the CSRF cookie
    patient, returning = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    for browser in (patient, returning):
        browser.get("/intake/demo/")  # the CSRF cookie
        browser.post("/intake/demo/begin/")  # a draft, held by the intake cookie
    returning.post("/intake/demo/about/", {**step_data("about"), "action": "next"})
    case = Submission.objects.for_user(clinician).order_by("-received_at")[0]
    api_key = manage("create_api_key", "demo", "--name", "bench").strip().splitlines()[-1]

    def cookies(client: Client, *names: str) -> str:
        return "; ".join(f"{name}={client.cookies[name].value}" for name in names)

    session, csrf = settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME
    intake = settings.INTAKE_COOKIE_NAME
    return {
        "staff_cookie": cookies(staff, session, csrf),
        "patient_cookie": cookies(patient, intake, csrf),
        "returning_cookie": cookies(returning, intake, csrf),
        "case_url": f"/dashboard/cases/{case.pk}/",
        "api_key": api_key,
    }


def start_server() -> subprocess.Popen[bytes]:
    log = (BENCH / "out" / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "config.wsgi:application", "--workers", str(WORKERS),
         "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning"],
        cwd=ROOT, env=os.environ | SERVER_ENV, stdout=log, stderr=log,
    )  # fmt: skip
    for _ in range(100):
        if (
            subprocess.run(["curl", "-sf", f"{BASE}/healthz"], capture_output=True, check=False).returncode
            == 0
        ):
            return server
        time.sleep(0.2)
    raise SystemExit("gunicorn did not start; see bench/out/gunicorn.log")


def check_ok(path: str, cookie: str) -> None:
    """Every measured page must really be the page (200), not a redirect to a login."""
    command = ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", BASE + path]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    status = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    if status != "200":
        raise SystemExit(f"{path} answered {status}, not 200: the benchmark would measure the wrong page")


def wrk(path: str, cookie: str = "", script: str | None = None, env: dict[str, str] | None = None) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    if script:
        command += ["-s", script]
    done = subprocess.run([*command, BASE + path], capture_output=True, text=True, check=True,
                          env=os.environ | (env or {}))  # fmt: skip
    return parse_wrk(done.stdout)


def parse_wrk(text: str) -> dict:
    def millis(label: str) -> float:
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not match:
            return float("nan")
        value, unit = float(match[1]), match[2]
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text)[1])  # type: ignore[index]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    requests = int(re.search(r"(\d+) requests in", text)[1])  # type: ignore[index]
    acked = re.search(r"^acknowledged (\d+)", text, re.M)
    return {
        "rps": rps,
        "p50_ms": millis("50"),
        "p99_ms": millis("99"),
        "requests": requests,
        "errors": (int(errors[1]) if errors else 0) + (sum(map(int, socket.groups())) if socket else 0),
        "acknowledged": int(acked[1]) if acked else None,
    }


def measure(targets: list[tuple[str, str, str, str | None]]) -> tuple[dict, dict]:
    """Rounds of baseline, then each target; the median of each over the rounds."""
    for _name, path, cookie, script in targets:
        if script is None:
            check_ok(path, cookie)
    runs: dict[str, list[dict]] = {name: [] for name, *_ in targets}
    baseline: list[dict] = []
    for round_number in range(ROUNDS):
        baseline.append(wrk("/healthz"))
        for name, path, cookie, script in targets:
            runs[name].append(wrk(path, cookie, script))
        print(f"  round {round_number + 1}/{ROUNDS} done", flush=True)
    summary = {name: summarise(results) for name, results in runs.items()}
    return summarise(baseline), summary


def summarise(results: list[dict]) -> dict:
    out = {key: median(r[key] for r in results) for key in ("rps", "p50_ms", "p99_ms")}
    out["errors"] = sum(r["errors"] for r in results)
    out["requests"] = sum(r["requests"] for r in results)
    acked = [r["acknowledged"] for r in results if r["acknowledged"] is not None]
    out["acknowledged"] = sum(acked) if acked else None
    return out


def api_check() -> dict[str, int]:
    """Each acknowledged intake (its id written by api_post.lua) must be stored, exactly once.

    wrk stops with requests in flight: those may be stored without wrk seeing the
    201, so a few more rows than acknowledgements (at most one per connection per
    run) are expected; a missing or doubled acknowledged key is a failure.
    """
    from django.db import connection
    from django.db.models import Count

    from intake.models import Submission

    connection.close()
    acked = set()
    for path in (BENCH / "out").glob("api-acked-*.txt"):
        acked.update(path.read_text().split())
    rows = Submission.objects.filter(idempotency_key__startswith="api:bench-")
    stored = {str(pk) for pk in rows.values_list("id", flat=True)}
    per_key = rows.values("idempotency_key").annotate(n=Count("id")).filter(n__gt=1)
    return {
        "acknowledged": len(acked),
        "rows": len(stored),
        "acknowledged_missing": len(acked - stored),
        "duplicated": per_key.count(),
        "unacknowledged_rows": len(stored - acked),
    }


def lighthouse(url: str, cookie: str = "", runs: int = 3) -> dict:
    """The median of `runs` Lighthouse runs (mobile preset); a failed run is retried once."""
    binary = BENCH / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        run("npm", "install", "--prefix", str(BENCH), "--no-audit", "--no-fund")
    results = []
    for attempt in range(runs * 2):
        report = BENCH / "out" / f"lighthouse-{len(results)}.json"
        command = [str(binary), url, "--output=json", f"--output-path={report}", "--quiet",
                   "--only-categories=performance,accessibility,best-practices",
                   "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                   "--disable-component-update --disable-sync --no-first-run"]  # fmt: skip
        if cookie:
            command.append(f"--extra-headers={json.dumps({'Cookie': cookie})}")
        # A clean environment: the app's variables (DEBUG=0 ...) mean other things to Node tools.
        env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root"),
               "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium"}  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        data = json.loads(report.read_text()) if done.returncode == 0 and report.exists() else {}
        if not data or data.get("runtimeError"):
            print(f"  lighthouse run failed on {url} (attempt {attempt + 1}); retrying", flush=True)
            continue
        scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
        scores["transferred_kb"] = round(data["audits"]["total-byte-weight"]["numericValue"] / 1024, 1)
        results.append(scores)
        if len(results) == runs:
            break
    if not results:
        raise SystemExit(f"lighthouse failed on {url}")
    return {key: median(r[key] for r in results) for key in results[0]} | {"runs": len(results)}


def main() -> int:
    (BENCH / "out").mkdir(exist_ok=True)
    for stale in (BENCH / "out").glob("api-acked-*.txt"):
        stale.unlink()
    for tool in ("wrk", "curl", "pg_ctlcluster", "chromium", "npm"):
        if not shutil.which(tool):
            raise SystemExit(f"`make bench` needs {tool}")
    started = time.monotonic()
    print(f"seeding {CASES:,} cases over 3 clinics into PostgreSQL ...", flush=True)
    seed_seconds = prepare_database()
    print(f"  seeded in {seed_seconds:.0f} s", flush=True)
    django_setup()
    fx = fixtures()
    server = start_server()
    try:
        post_script = str(BENCH / "api_post.lua")
        os.environ["BENCH_API_KEY"] = fx["api_key"]
        os.environ["BENCH_ACK_DIR"] = str(BENCH / "out")
        targets = [
            ("start page", "/", "", None),
            ("intake step", "/intake/demo/about/", fx["patient_cookie"], None),
            ("intake step, answered (reported)", "/intake/demo/about/", fx["returning_cookie"], None),
            ("queue (25 per page)", "/dashboard/?size=25", fx["staff_cookie"], None),
            ("case page", fx["case_url"], fx["staff_cookie"], None),
            ("overview", "/dashboard/overview/", fx["staff_cookie"], None),
            ("admin change list (peer)", "/admin/intake/submission/", fx["staff_cookie"], None),
            ("API submissions", "/api/v1/intakes", "", post_script),
        ]
        baseline, results = measure(targets)
        api = api_check()
        print("running Lighthouse ...", flush=True)
        pages = {
            "start page": lighthouse(BASE + "/"),
            "intake step": lighthouse(BASE + "/intake/demo/about/", fx["patient_cookie"]),
            "queue": lighthouse(BASE + "/dashboard/", fx["staff_cookie"]),
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(seed_seconds, baseline, results, api, pages, time.monotonic() - started)
    return 0


def report(seed_seconds: float, baseline: dict, results: dict, api: dict, pages: dict, total: float) -> None:
    machine = {
        "nproc": os.cpu_count(),
        "python": sys.version.split()[0],
        "django": __import__("django").get_version(),
        "postgresql": psql("SHOW server_version").strip(),
        "gunicorn_workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds_per_run": SECONDS,
        "rounds": ROUNDS,
    }
    print()
    print(f"{'page':34} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'ratio':>6} {'errors':>7}")
    for name, r in {"/healthz (baseline)": baseline, **results}.items():
        ratio = r["rps"] / baseline["rps"]
        row = f"{name:34} {r['rps']:>8.0f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {ratio:>6.2f}"
        print(f"{row} {r['errors']:>7}")
    whole = api["acknowledged_missing"] == 0 and api["duplicated"] == 0
    print(
        f"\nAPI: {api['acknowledged']} acknowledged, each stored exactly once: {'yes' if whole else 'NO'} "
        f"({api['acknowledged_missing']} missing, {api['duplicated']} duplicated); "
        f"{api['unacknowledged_rows']} more rows from requests wrk cut off at the end of a run"
    )
    print(f"seed: {CASES:,} cases in {seed_seconds:.0f} s")
    print("\nLighthouse (mobile):")
    for name, s in pages.items():
        print(f"  {name:14} performance {s['performance']:>3}  accessibility {s['accessibility']:>3}  "
              f"best practices {s['best-practices']:>3}  transferred {s['transferred_kb']} KB")  # fmt: skip
    print(f"\ntotal {total / 60:.1f} min; machine {machine}")
    out = {"machine": machine, "seed_seconds": seed_seconds, "baseline": baseline, "pages": results,
           "api": api, "lighthouse": pages}  # fmt: skip
    (BENCH / "results.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    sys.exit(main())
