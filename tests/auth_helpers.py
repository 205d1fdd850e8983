"""Helpers for staff sign-in tests: password login posts, TOTP devices and codes."""

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD

LOGIN_URL = "/accounts/login/"
VERIFY_URL = "/accounts/two-factor/"
SETUP_URL = "/accounts/two-factor/setup/"
OFFICE_IP = "203.0.113.10"


def post_login(client: Client, username: str, password: str = PASSWORD, ip: str = OFFICE_IP, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def add_totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)


def add_backup_codes(user, *codes: str) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    for code in codes:
        StaticToken.objects.create(device=device, token=code)
    return device


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def verify(client: Client, code: str, next_url: str = ""):
    url = f"{VERIFY_URL}?next={next_url}" if next_url else VERIFY_URL
    return client.post(url, {"code": code}, REMOTE_ADDR=OFFICE_IP)


def session_key(client: Client) -> str | None:
    from django.conf import settings

    cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return cookie.value if cookie else None
