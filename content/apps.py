from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Content"

    def ready(self) -> None:
        # Connect the hooks that forget the cached Sites when staff edit them.
        from config import site_settings  # noqa: F401
