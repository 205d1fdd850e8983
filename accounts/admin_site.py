"""The admin site, behind the same login and second factor as every other staff page.

`MFAAdminConfig` replaces `django.contrib.admin` in INSTALLED_APPS so `admin.site` is an
`MFAAdminSite` (Django's documented way to swap the default site). Like django-otp's
OTPAdminSite, it treats a staff user who has not passed the second factor as having
no admin permission; unlike it, the admin has no login form of its own: everyone signs
in through /accounts/login/, where lockout, auditing and the OTP step live.
"""

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


class MFAAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        from accounts.middleware import is_verified  # imports models: not at app loading

        verified = not settings.MFA_REQUIRED or is_verified(request.user)
        return super().has_permission(request) and verified

    @login_not_required
    def login(self, request: HttpRequest, extra_context: dict[str, object] | None = None) -> HttpResponse:
        from django.contrib.auth.views import redirect_to_login  # imports models: not at app loading

        if request.user.is_authenticated:
            raise PermissionDenied  # signed in, but not an admin (or not verified)
        return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


class MFAAdminConfig(AdminConfig):
    default_site = "accounts.admin_site.MFAAdminSite"
