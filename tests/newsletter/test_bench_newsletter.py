"""`make bench`'s newsletter figure never passes by saying nothing when PostgreSQL is out of reach."""

from __future__ import annotations

from bench.newsletter_send import measure_postgres


def test_without_a_postgresql_the_two_worker_check_reports_not_run_as_a_failure(tmp_path, capsys):
    # Port 1 on loopback: nothing listens there.
    targets = measure_postgres("postgres://postgres@127.0.0.1:1/postgres", tmp_path / "pg")

    assert len(targets) == 1 and not targets[0].passed
    printed = capsys.readouterr().out
    assert "FAIL" in printed and "NOT RUN" in printed
    assert printed.count("\n") == 1  # one line, whatever the driver's message
