from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and clinic membership"

    def ready(self) -> None:
        from accounts import receivers  # noqa: F401  (connects the audit receivers)
