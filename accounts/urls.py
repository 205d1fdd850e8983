"""Staff sign-in URLs. `login` and `logout` keep their global names (LOGIN_URL uses them)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout, name="logout"),
    path("two-factor/", views.verify, name="mfa_verify"),
    path("two-factor/setup/", views.setup, name="mfa_setup"),
    path("two-factor/backup-codes/", views.backup_codes, name="mfa_backup_codes"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html"),
        name="password_change_done",
    ),
]
