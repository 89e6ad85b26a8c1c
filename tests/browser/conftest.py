"""Browser journeys: pytest-playwright driving Debian's Chromium against pytest-django's live_server."""

import os
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import CHROMIUM_PATH

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread, and Django refuses ORM calls from a
    thread with a running loop. The journeys only seed and read data between page visits, so allow it,
    from the first journey on (the loop outlives it, so the permission does too)."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser downloads are not used: the suite runs on the distribution's Chromium.
    return {**browser_type_launch_args, "executable_path": CHROMIUM_PATH, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
def csp_violations(page):
    """Console messages about Content-Security-Policy blocks; a journey ends by asserting there are none."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return violations


@pytest.fixture
def demo_shop(transactional_db, live_server):
    """The demo shop (small pictures, to stay quick) in the database the live server reads."""
    output = StringIO()
    call_command("load_demo", image_size=64, stdout=output)
    return output.getvalue()
