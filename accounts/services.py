"""Second-factor enrolment and verification, backup codes, and the audit trail of each.

Views call these; they own the writes. Devices are django-otp's: one confirmed TOTP
device per user (an authenticator app) and one static device holding single-use backup
codes. Verifying a factor stores the device in the session (django_otp.login) and
issues a new session id, since the session just gained privileges (ASVS 7.2.4).
"""

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditAction
from audit.services import record
from config.logging import log_event
from intake.ratelimit import client_key, current, hit, parse_rate

BACKUP_DEVICE_NAME = "Backup codes"
TOTP_DEVICE_NAME = "Authenticator app"


def note_failed_login(request: HttpRequest) -> None:
    """Count a failed password for the client's address (any username)."""
    hit(client_key(request, scope="login-failed"), parse_rate(settings.LOGIN_FAILURES_PER_IP))


def too_many_failed_logins(request: HttpRequest) -> bool:
    """True when the address used up its failed-login budget: one password tried against
    many usernames (credential stuffing), which the per-username lockout cannot see."""
    rate = parse_rate(settings.LOGIN_FAILURES_PER_IP)
    return current(client_key(request, scope="login-failed"), rate) >= rate.limit


def factor_name(device: Device) -> str:
    return "backup_code" if isinstance(device, StaticDevice) else "totp"


def complete_second_factor(request: HttpRequest, device: Device) -> None:
    otp_login(request, device)
    request.session.cycle_key()
    record(AuditAction.LOGIN, request=request, factor=factor_name(device))
    log_event("login.second_factor", request=request, factor=factor_name(device))


def second_factor_failed(request: HttpRequest, reason: str) -> None:
    record(AuditAction.LOGIN_FAILED, request=request, factor="otp", reason=reason)
    log_event("login.second_factor_failed", request=request, reason=reason)


def pending_totp_device(user: AbstractBaseUser) -> TOTPDevice:
    """The user's unconfirmed authenticator device, created on first visit to set-up."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)


def confirm_totp_device(request: HttpRequest, device: TOTPDevice) -> list[str]:
    """Make `device` the user's only authenticator, issue fresh backup codes, verify the session."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = _new_backup_codes(device.user)
        record(AuditAction.ADMIN_CHANGE, request=request, change="mfa_enrolled")
    complete_second_factor(request, device)
    return codes


def replace_backup_codes(request: HttpRequest) -> list[str]:
    with transaction.atomic():
        codes = _new_backup_codes(request.user)  # type: ignore[arg-type]
        record(AuditAction.ADMIN_CHANGE, request=request, change="backup_codes_replaced")
    return codes


def backup_codes_left(user: AbstractBaseUser) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def _new_backup_codes(user: AbstractBaseUser) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.MFA_BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def record_password_changed(request: HttpRequest) -> None:
    record(AuditAction.ADMIN_CHANGE, request=request, change="password_changed")
    log_event("password.changed", request=request)
