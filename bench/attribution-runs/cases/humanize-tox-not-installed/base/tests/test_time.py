import datetime as dt

import humanize


def test_naturaldelta():
    assert humanize.naturaldelta(dt.timedelta(seconds=90)) == "a minute"
    assert humanize.naturaldelta(dt.timedelta(days=3)) == "3 days"


def test_precisedelta():
    assert humanize.precisedelta(dt.timedelta(seconds=3661)) == "1 hour, 1 minute and 1 second"
