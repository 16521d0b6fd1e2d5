from datetime import date, datetime, time, timezone

import tomli


def test_tables_and_arrays():
    doc = tomli.loads('[server]\nhost = "localhost"\nports = [80, 443]\n')
    assert doc == {"server": {"host": "localhost", "ports": [80, 443]}}


def test_dates_and_times():
    doc = tomli.loads("day = 2024-05-01\nat = 2024-05-01T10:30:00Z\nalarm = 07:45:30.5\n")
    assert doc["day"] == date(2024, 5, 1)
    assert doc["at"] == datetime(2024, 5, 1, 10, 30, tzinfo=timezone.utc)
    assert doc["alarm"] == time(7, 45, 30, 500000)


def test_numbers():
    doc = tomli.loads("a = 0x1F\nb = 1_000\nc = 6.5e-1\n")
    assert doc == {"a": 31, "b": 1000, "c": 0.65}
