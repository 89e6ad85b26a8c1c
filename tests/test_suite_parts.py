"""The suite's own rules for missing parts: a reason locally, a failure on CI, PostgreSQL-only tests deselected."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

SAMPLE = """
import pytest

@pytest.mark.postgres
def test_only_on_postgres():
    pass

@pytest.mark.redis
def test_needs_redis(redis_url):
    pass

def test_needs_nothing():
    pass
"""


def run_sample(tmp_path, **env) -> subprocess.CompletedProcess:
    (tmp_path / "test_sample.py").write_text(SAMPLE)
    inherited = {k: v for k, v in os.environ.items() if k not in {"CI", "DATABASE_URL", "PYTEST_XDIST_WORKER"}}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.conftest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-rs",
            "-c",
            str(BASE_DIR / "pyproject.toml"),
            "--rootdir",
            str(tmp_path),
            str(tmp_path / "test_sample.py"),
        ],
        cwd=BASE_DIR,
        env={**inherited, "TEST_REDIS_URL": "redis://127.0.0.1:1", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("ci", "exit_code", "summary"),
    [
        ("", 0, "1 passed, 1 skipped, 1 deselected"),
        ("true", 1, "1 passed, 1 deselected, 1 error"),
    ],
    ids=["locally-a-skip-with-a-reason", "on-ci-a-failure"],
)
def test_a_missing_part_is_a_skip_locally_and_a_failure_on_ci(tmp_path, ci, exit_code, summary):
    result = run_sample(tmp_path, CI=ci)

    assert result.returncode == exit_code, result.stdout + result.stderr
    assert summary in result.stdout
    assert "missing part: no Redis server answers at 127.0.0.1:1" in result.stdout
    assert "database: SQLite (tests marked postgres are deselected)" in result.stdout
