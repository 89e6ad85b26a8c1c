"""Browser journeys: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

A new journey is a test module here with `pytestmark = JOURNEY` (tests.browser.harness) whose test asks
for `page`, `live_server` and `demo_shop`, finds things by role, label and link text, calls
`save_screenshots(page, "<journey> <step>")` at the steps worth seeing, and ends with
`assert csp_violations == []`. Journeys commit for real, so `make test` runs them in its serial pass: one Chromium at a time.
Playwright itself (Debian's Chromium, one browser per module) is set up in tests/conftest.py, so
`page` works in any test folder.
"""

from io import StringIO

import pytest
from django.core.management import call_command


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


@pytest.fixture
def mail_folder(settings, tmp_path):
    """Mail is written to files, as `make run` does, and a journey reads it back from this folder."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = tmp_path / "mail"
    return tmp_path / "mail"
