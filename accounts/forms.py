"""Second-factor forms: verify a code at login, confirm a new authenticator app.

Verification happens in `clean_code`, as django-otp's own forms do, so a valid form
means the code was accepted (and consumed: TOTP codes are single-use through the
device's `last_t`, backup codes are deleted when used). Wrong codes go through
django-otp's throttling, which doubles the wait after each failure.
"""

import math
from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

INVALID_CODE = _("That code is not valid. Check it and try again, or use one of your backup codes.")


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=32,
        help_text=_("The 6-digit code from your authenticator app, or one of your backup codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, user: AbstractBaseUser | AnonymousUser, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.device: Device | None = None

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        device = self._device_for(code)
        if device is None:
            raise ValidationError(INVALID_CODE, code="invalid_code")
        _check_not_throttled(device)
        self.device = verify_token(self.user, device.persistent_id, code)
        if self.device is None:
            raise ValidationError(INVALID_CODE, code="invalid_code")
        return code

    def _device_for(self, code: str) -> Device | None:
        """Six digits are an authenticator code; anything else can only be a backup code."""
        model = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        return model.objects.devices_for_user(self.user, confirmed=True).first()


class ReauthenticateForm(forms.Form):
    """The current password again before changing how the account is protected (ASVS 7.5.1).

    Checked through `authenticate`, so wrong guesses count towards the django-axes
    lockout and are audited like any failed login.
    """

    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        username = self.request.user.get_username()
        if authenticate(self.request, username=username, password=password) != self.request.user:
            raise ValidationError(_("That is not your current password."), code="wrong_password")
        return password


class SetupForm(ReauthenticateForm):
    """Confirm a new authenticator with its first code; replacing an old one also needs the password."""

    code = forms.CharField(
        label=_("Code from your app"),
        max_length=16,
        help_text=_("After adding the account, enter the 6-digit code your app shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(
        self, request: HttpRequest, device: TOTPDevice, replacing: bool, *args: Any, **kwargs: Any
    ) -> None:
        super().__init__(request, *args, **kwargs)
        self.device = device
        if not replacing:
            del self.fields["password"]

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if "password" in self.errors:
            return code  # a wrong password must not spend the code or a throttle step
        _check_not_throttled(self.device)
        if not (code.isdigit() and len(code) == 6 and self.device.verify_token(code)):
            raise ValidationError(
                _("That code did not match. Check your phone's clock and enter the newest code."),
                code="invalid_code",
            )
        return code


def _check_not_throttled(device: Device) -> None:
    allowed, info = device.verify_is_allowed()
    if not allowed:
        wait = (info or {}).get("locked_until")
        seconds = max(1, math.ceil((wait - timezone.now()).total_seconds())) if wait else 60
        raise ValidationError(
            _("Too many incorrect codes. Please wait %(seconds)s seconds, then try again."),
            code="throttled",
            params={"seconds": seconds},
        )
