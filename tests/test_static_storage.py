"""Static file addresses: hashed names from the manifest, looked up once per process."""

from __future__ import annotations

import json

import pytest

from config.storage import StaticFilesStorage


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
