from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = "Shop"

    def ready(self) -> None:
        # Connect the sign-in hook that merges a guest cart into the account's cart.
        from shop import receivers  # noqa: F401
