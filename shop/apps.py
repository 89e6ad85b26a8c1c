from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = "Shop"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from shop.receivers import merge_cart_on_login

        # Merge a guest's cart into the account's cart when they sign in.
        user_logged_in.connect(merge_cart_on_login, dispatch_uid="shop.cart_merge_on_login")
