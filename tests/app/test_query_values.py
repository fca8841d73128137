"""Dates and moments as SQLite hands them back, read the same way by every query."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from app.queries.values import day, instant

pytestmark = pytest.mark.both_backends


def test_a_stored_date_reads_back_as_that_day_with_or_without_a_time() -> None:
    assert day("2026-03-31") == date(2026, 3, 31)
    assert day("2026-03-31 00:00:00.000000") == date(2026, 3, 31)
    assert day(date(2026, 3, 31)) == date(2026, 3, 31)


def test_an_empty_date_or_moment_is_none() -> None:
    assert day(None) is None and day("") is None
    assert instant(None) is None and instant("") is None


def test_a_stored_moment_reads_back_as_that_moment() -> None:
    assert instant("2026-03-31 09:30:00") == datetime(2026, 3, 31, 9, 30)
    moment = datetime(2026, 3, 31, 9, 30, tzinfo=UTC)
    assert instant(moment) is moment
