from datetime import date

import pytest

from bookings import clashes, weekly


def test_weekly_starts_on_the_first_day():
    days = weekly(date(2024, 3, 4), 3)
    assert days == [date(2024, 3, 4), date(2024, 3, 11), date(2024, 3, 18)]


def test_weekly_needs_a_week():
    with pytest.raises(ValueError):
        weekly(date(2024, 3, 4), 0)


def test_clashes_with_holidays():
    days = weekly(date(2024, 12, 18), 2)
    assert clashes(days, [date(2024, 12, 25)]) == [date(2024, 12, 25)]
