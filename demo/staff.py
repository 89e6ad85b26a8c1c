"""The demo's staff login, so the admin can be tried at once; refused under the production settings."""

from __future__ import annotations

import os

from django.contrib.auth import get_user_model

from demo.base import DemoContext

STAFF_USERNAME = "staff"
STAFF_EMAIL = "staff@knotandstone.example"
DEFAULT_STAFF_PASSWORD = "knotandstone-demo"


def load_staff_account(ctx: DemoContext) -> None:
    """The demo's staff login; its password is only ever set when the account is first made.

    Under the production settings the published demo password is never used: without DEMO_STAFF_PASSWORD
    the account is skipped, and the closing lines say how to make one.
    """
    user_model = get_user_model()
    chosen_password = os.environ.get("DEMO_STAFF_PASSWORD")
    if user_model.objects.filter(username=STAFF_USERNAME).exists():
        ctx.say("Staff account: already present")
        login = f"Staff login: username '{STAFF_USERNAME}' already exists (its password was not changed)"
    elif ctx.production and not chosen_password:
        ctx.say("Staff account: not created (production settings never get the demo's published password)")
        login = "Staff login: set DEMO_STAFF_PASSWORD and run load_demo again, or run manage.py createsuperuser"
    else:
        password = chosen_password or DEFAULT_STAFF_PASSWORD
        user_model.objects.create_user(
            username=STAFF_USERNAME,
            email=STAFF_EMAIL,
            password=password,
            first_name="Demo",
            last_name="Staff",
            is_staff=True,
            is_superuser=True,
        )
        ctx.say("Staff account: 1 created")
        login = f"Staff login: username '{STAFF_USERNAME}', password '{password}'"
    ctx.closing_lines += [f"Admin: http://127.0.0.1:{ctx.port}/admin/", login]
