"""Structured logging: one key=value line per event, free of patient data and secrets.

`KeyValueFormatter` writes `ts=... level=... logger=... msg="..." key=value ...`. Every
value is escaped, so a CR/LF or other control character sent by a client (a
User-Agent, a username, a host header) can never start a forged line (ASVS 16.4.1).
Extra fields are kept only when they are plain values and not named like a secret or
a piece of patient data; a Django request attached to a record becomes its method,
path and request id, never its body, cookies or headers. Exceptions are logged as
their type and the frames they passed through, without the message text, because
database and parsing errors quote the values that caused them.

`RedactFilter` removes query strings, token-looking path segments and `key=value`
secrets from messages (Django's own loggers and runserver's included).

`log_event` and `log_access_denied` are the two calls app code uses for security
events (ASVS 16.3.x): they take ids and codes, never answers or names.
"""

from __future__ import annotations

import logging
import re
import traceback
import unicodedata
import uuid
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest

security_logger = logging.getLogger("security")

_RECORD_ATTRIBUTES = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
}
# Extra fields whose names contain one of these are dropped, whatever their value.
_SENSITIVE_NAME_PARTS = (
    "pass",
    "secret",
    "token",
    "session",
    "cookie",
    "csrf",
    "otp",
    "answer",
    "name",
    "email",
    "phone",
    "birth",
    "body",
    "post",
    "auth",
)
_SECRET_PAIR = re.compile(
    r"(?i)\b(password|passwd|pwd|token|secret|session_?id|session_?key|csrftoken|csrfmiddlewaretoken"
    r"|otp_token|api_?key|authorization)(\s*[=:]\s*)(\"[^\"]*\"|'[^']*'|[^\s,;&]+)"
)
_BEARER = re.compile(r"(?i)\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}")
_QUERY_STRING = re.compile(r"(?<=[\w/.%-])\?[^\s\"']+")
# Long URL-safe segments with a digit look like capability tokens; UUIDs are ids, kept.
_TOKEN_SEGMENT = re.compile(
    r"(?<![\w-])(?![0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-]))"
    r"(?=[\w-]*\d)[A-Za-z0-9_-]{20,}(?![\w-])"
)
REDACTED = "[redacted]"


def redact(text: str) -> str:
    """Remove query strings, bearer tokens, `secret=value` pairs and token-like path segments."""
    text = _QUERY_STRING.sub("?" + REDACTED, text)
    text = _BEARER.sub(lambda m: f"{m.group(1)} {REDACTED}", text)
    text = _SECRET_PAIR.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    return _TOKEN_SEGMENT.sub(REDACTED, text)


def escape(value: object) -> str:
    """One-line, quoted when needed: control, format and separator characters become \\uXXXX."""
    text = str(value)
    escaped = "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") else char
        for char in text.replace("\\", "\\\\")
    )
    if escaped == "" or any(char in escaped for char in ' "='):
        return '"' + escaped.replace('"', '\\"') + '"'
    return escaped


class RedactFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        return True


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        fields: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields |= _request_fields(getattr(record, "request", None))
        fields |= _extra_fields(record)
        if record.exc_info and record.exc_info[0] is not None:
            fields |= _exception_fields(record.exc_info)
        return " ".join(f"{key}={escape(value)}" for key, value in fields.items())


def _request_fields(request: object) -> dict[str, object]:
    if not isinstance(request, HttpRequest):
        return {}
    return {
        "method": request.method,
        "path": redact(request.path),
        "request_id": getattr(request, "request_id", ""),
    }


def _extra_fields(record: logging.LogRecord) -> dict[str, object]:
    extras = dict(getattr(record, "fields", None) or {})
    extras |= {key: value for key, value in record.__dict__.items() if key not in _RECORD_ATTRIBUTES}
    extras.pop("fields", None)
    return {
        key: redact(value) if isinstance(value, str) else value
        for key, value in extras.items()
        if _is_loggable(key, value)
    }


def _is_loggable(key: str, value: object) -> bool:
    if key in ("request", "msg") or any(part in key.lower() for part in _SENSITIVE_NAME_PARTS):
        return False
    return value is None or isinstance(value, str | int | float | bool | uuid.UUID)


def _exception_fields(exc_info: Any) -> dict[str, object]:
    frames = traceback.extract_tb(exc_info[2])[-8:]
    where = " | ".join(f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno} {frame.name}" for frame in frames)
    return {"exc_type": exc_info[0].__name__, "exc_where": where}


def log_event(
    event: str, *, request: HttpRequest | None = None, level: int = logging.INFO, **fields: Any
) -> None:
    """Log one security event (`login.failed`, `authz.denied`, ...) with ids and codes only."""
    if request is not None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            fields.setdefault("user_id", user.pk)
        fields.setdefault("ip", _client_ip(request))
    security_logger.log(level, event, extra={"fields": fields, "request": request})


def log_access_denied(request: HttpRequest, *, resource: str, object_id: object = None) -> None:
    """Failed authorisation (ASVS 16.3.2): a staff user asked for something outside their clinics."""
    log_event("authz.denied", request=request, level=logging.WARNING, resource=resource, object_id=object_id)


def _client_ip(request: HttpRequest) -> str | None:
    from audit.services import client_ip  # audit imports models; keep this module light

    return client_ip(request)
