import pytest

from shop.models import OrderLine, Product
from shop.pricing import apply_discount, line_total, subtotal, with_tax


def test_line_total():
    assert line_total(OrderLine(Product("mug", "Mug", 1250), 3)) == 3750


def test_subtotal():
    lines = [OrderLine(Product("a", "A", 100), 2), OrderLine(Product("b", "B", 50), 1)]
    assert subtotal(lines) == 250


def test_apply_discount():
    assert apply_discount(10000, 15) == 8500


def test_discount_out_of_range():
    with pytest.raises(ValueError):
        apply_discount(100, 150)


def test_with_tax():
    assert with_tax(1000) == 1200


@pytest.mark.skip(reason="multi-currency pricing is not implemented yet")
def test_currency_conversion():
    assert False
