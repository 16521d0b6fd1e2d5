import pytest

import humanize


@pytest.mark.parametrize(
    "size, expected",
    [(300, "300B"), (1023, "1023B"), (1024, "1.0K"), (3000, "2.9K"), (5 * 1024**3, "5.0G")],
)
def test_gnu_style(size, expected):
    assert humanize.naturalsize(size, gnu=True) == expected
