"""Static file addresses: hashed names from the manifest, looked up once per process."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage

from config.storage import StaticFilesStorage, minified
from tests.conftest import MISSING_PART


@pytest.fixture
def storage(tmp_path):
    manifest = {"version": "1.1", "hash": "0", "paths": {"css/site.css": "css/site.5e1f0c.css"}}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=tmp_path, base_url="/static/")


def test_a_static_file_is_served_under_its_hashed_name_worked_out_once(storage):
    assert storage.url("css/site.css") == "/static/css/site.5e1f0c.css"

    storage.hashed_files.clear()  # the manifest is not read again for a name already seen

    assert storage.url("css/site.css") == "/static/css/site.5e1f0c.css"


def test_a_file_missing_from_the_manifest_still_fails_loudly_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/missing.css")


def collect(tmp_path, sources: dict[str, FileSystemStorage]) -> StaticFilesStorage:
    """What collectstatic does for these files: copy each into STATIC_ROOT, then post-process them all."""
    storage = StaticFilesStorage(location=tmp_path / "collected", base_url="/static/")
    for name, source in sources.items():
        with source.open(name) as original:
            storage.save(name, original)
    list(storage.post_process({name: (source, name) for name, source in sources.items()}))
    return storage


def test_our_stylesheets_and_scripts_are_collected_minified_and_hashed_from_the_minified_copy(tmp_path):
    ours = FileSystemStorage(location=settings.STATICFILES_DIRS[0])
    storage = collect(tmp_path, {"css/site.css": ours, "js/site.js": ours})
    for name in ("css/site.css", "js/site.js"):
        source = Path(ours.path(name)).read_text()
        hashed = Path(storage.path(storage.stored_name(name))).read_text()
        comment = "/*" if name.endswith(".css") else "// "
        assert comment in source and comment not in hashed
        assert len(hashed) < len(source) * 0.9
        assert hashed == Path(storage.path(name)).read_text()  # the hashed copy is the minified one
    assert Path(storage.path(storage.stored_name("css/site.css") + ".gz")).exists()  # whitenoise compressed it


def test_other_packages_static_files_are_collected_as_they_are(tmp_path):
    package = tmp_path / "package"
    (package / "pkg").mkdir(parents=True)
    text = "/* a package's own comment */\nbody { color: red; }\n"
    (package / "pkg" / "style.css").write_text(text)
    storage = collect(tmp_path, {"pkg/style.css": FileSystemStorage(location=package)})
    assert Path(storage.path(storage.stored_name("pkg/style.css"))).read_text() == text


def test_every_script_of_ours_still_parses_once_minified(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip(f"{MISSING_PART} Node.js, to parse the minified scripts")
    for script in sorted((Path(settings.STATICFILES_DIRS[0]) / "js").glob("*.js")):
        target = tmp_path / script.name
        target.write_text(minified(script.name, script.read_text()))
        result = subprocess.run([node, "--check", str(target)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, (script.name, result.stderr)
