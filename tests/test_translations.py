"""The French interface catalogue (config/locale/fr): complete, well-formed and in step with the code.

A string added to a template or a view without its French fails here, before a Quebec shopper reads English in
the middle of a French page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation

from tests.conftest import MISSING_PART

CATALOGUE = Path(settings.BASE_DIR) / "config" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# What holds interface strings, and the folders `make messages` leaves out.
CODE = ["manage.py", "config", "shop", "content", "compare", "newsletter", "demo", "templates", "static"]
IGNORED = [".venv/*", "tests/*", "bench/*", "static_collected/*", "node_modules/*", "var/*", "media/*"]


def read_catalogue(path: Path):
    with path.open("rb") as po_file:
        return read_po(po_file, locale="fr_CA")


def message_keys(catalogue) -> set[tuple[str | None, str]]:
    return {
        (message.context, message.id if isinstance(message.id, str) else message.id[0])
        for message in catalogue
        if message.id
    }


def test_every_interface_string_has_its_french_and_no_guess_is_left():
    catalogue = read_catalogue(CATALOGUE)
    untranslated = [message.id for message in catalogue if message.id and not all(_strings(message.string))]
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert untranslated == [] and fuzzy == []
    assert len(catalogue) > 1500


def _strings(string) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, (list, tuple)) else (string,)


def test_every_translation_keeps_the_placeholders_of_its_english():
    """Babel's checks: a %(name)s missing or renamed in the French would raise at render time."""
    catalogue = read_catalogue(CATALOGUE)
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalogue.check() if errors]
    assert problems == []


def test_the_catalogue_holds_every_string_of_the_code(tmp_path):
    """`make messages` over a copy of the code finds no string the checked-in catalogue lacks.

    A copy, because makemessages writes where it finds a locale folder, and config/locale is the real one.
    """
    if shutil.which("xgettext") is None:
        pytest.skip(f"{MISSING_PART} GNU gettext's xgettext (Debian package gettext), which makemessages runs")
    base = Path(settings.BASE_DIR)
    for name in CODE:
        source = base / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy(source, tmp_path / name)
    command = [sys.executable, "manage.py", "makemessages", "-l", "fr", "--no-obsolete", "--add-location", "file"]
    for pattern in IGNORED:
        command += ["-i", pattern]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(command, cwd=tmp_path, env=environment, check=True, capture_output=True)
    fresh = tmp_path / "config" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
    missing = message_keys(read_catalogue(fresh)) - message_keys(read_catalogue(CATALOGUE))
    assert missing == set(), "run `make messages` and translate the new entries"


def test_french_is_served_from_the_compiled_catalogue():
    with translation.override("fr"):
        assert translation.gettext("Skip to content") == "Aller au contenu"
        assert translation.pgettext("sales tax", "QST") == "TVQ"
        assert translation.pgettext("sales tax", "GST") == "TPS"
        assert translation.pgettext("sales tax", "HST") == "TVH"


def test_the_catalogue_compiles_without_errors(tmp_path):
    """The set-up's own compile (Babel) reports no error; an error stops `make run` and `make test`."""
    pybabel = Path(sys.executable).parent / "pybabel"
    result = subprocess.run(
        [str(pybabel), "compile", "-i", str(CATALOGUE), "-o", str(tmp_path / "django.mo")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0 and "error" not in result.stderr.lower(), result.stderr
