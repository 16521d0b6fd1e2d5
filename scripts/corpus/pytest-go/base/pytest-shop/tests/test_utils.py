import pytest

from shop.utils import format_cents, median, parse_quantity, slugify


@pytest.mark.parametrize(
    "text, expected",
    [("Hello World", "hello-world"), ("  Coffee, Mug! ", "coffee-mug"), ("already-slug", "already-slug")],
)
def test_slugify(text, expected):
    assert slugify(text) == expected


def test_median_odd():
    assert median([3, 1, 2]) == 2


def test_median_even():
    assert median([4, 1, 3, 2]) == 2.5


def test_median_pair():
    assert median([10, 20]) == 15


@pytest.mark.parametrize("text, expected", [("3", 3), (" 4 ", 4), ("2x", 2), ("5 pcs", 5)])
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


def test_format_cents():
    assert format_cents(1205) == "12.05"
