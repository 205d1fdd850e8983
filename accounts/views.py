"""Staff sign-in pages beyond Django's login: the second factor, backup codes, password
change, logout and the lockout page.

Login itself is Django's LoginView (it validates `next` against the host, and runs
every attempt through django-axes via `authenticate`). After the password, the user is
logged in but unverified; `accounts.middleware.MFARequiredMiddleware` sends them here.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import user_has_device

from accounts import services, totp
from accounts.forms import ReauthenticateForm, SetupForm, VerifyForm
from accounts.middleware import is_verified, mfa_not_required


class LoginView(auth_views.LoginView):
    """Django's login, refused outright for an address with too many recent failed logins."""

    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if services.too_many_failed_logins(request):
            services.note_failed_login(request)
            return locked_out(request)
        return super().post(request, *args, **kwargs)


@mfa_not_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if is_verified(request.user):
        return redirect(next_url(request))
    if not user_has_device(request.user):
        return redirect(with_next("mfa_setup", request))
    form = VerifyForm(request.user, request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            services.complete_second_factor(request, form.device)  # type: ignore[arg-type]
            return redirect(next_url(request))
        services.second_factor_failed(request, reason=_first_error_code(form))
    return render(request, "accounts/verify.html", {"form": form})


@mfa_not_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: first sign-in, or a replacement once verified."""
    if user_has_device(request.user) and not is_verified(request.user):
        return redirect(with_next("mfa_verify", request))
    device = services.pending_totp_device(request.user)  # type: ignore[arg-type]
    form = SetupForm(request, device, user_has_device(request.user), request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_device(request, device)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url(request)})
    context = {"form": form, "qr": totp.qr_data_uri(device), "secret": totp.secret_text(device)}
    return render(request, "accounts/setup.html", context)


@require_http_methods(["GET", "POST"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """Two-factor settings: backup codes left; replace them (password again, shown once)."""
    if not is_verified(request.user):
        return redirect_to_login(request.get_full_path(), reverse("mfa_verify"))
    form = ReauthenticateForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.replace_backup_codes(request)
        return render(request, "accounts/backup_codes.html", {"codes": codes, "next": next_url(request)})
    remaining = services.backup_codes_left(request.user)  # type: ignore[arg-type]
    return render(request, "accounts/two_factor.html", {"form": form, "remaining": remaining})


@login_not_required
@mfa_not_required
@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """End the session (server-side flush) and ask the browser to drop its cached pages."""
    if request.user.is_authenticated:
        auth_logout(request)
        messages.info(request, _("You have been logged out."))
    response = redirect(settings.LOGOUT_REDIRECT_URL)
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's view: the old password is required; this session survives, others end."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_changed(self.request)
        return response


def locked_out(
    request: HttpRequest, original_response: HttpResponseBase | None = None, credentials: Any = None
) -> HttpResponse:
    """django-axes lockout page (AXES_LOCKOUT_CALLABLE): no username, no attempt count."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "429.html", {"reason": "login", "cooloff_minutes": minutes}, status=429)


def next_url(request: HttpRequest) -> str:
    """`?next=` if it stays on this site, else the dashboard (no open redirects)."""
    url = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return url if safe else resolve_url(settings.LOGIN_REDIRECT_URL)


def with_next(url_name: str, request: HttpRequest) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': request.GET['next']})}" if "next" in request.GET else url


def _first_error_code(form: BaseForm) -> str:
    errors = form.errors.as_data().get("code") or []
    return str(errors[0].code) if errors else "missing"
