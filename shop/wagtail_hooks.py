from shop import wagtail_hooks_pricing  # noqa: F401,E402  (buying: the "Pricing & tax" menu)
