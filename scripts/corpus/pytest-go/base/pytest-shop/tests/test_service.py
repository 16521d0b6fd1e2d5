import pytest

from shop.inventory import OutOfStock


def test_place_order_total(service, catalog):
    order = service.place_order("ada", [(catalog["mug"], 2), (catalog["tee"], 1)], discount_percent=10)
    # (2 * 1250 + 2000) = 4500, -10% = 4050, +20% tax = 4860
    assert order.total_cents == 4860


def test_place_order_reserves_stock(service, catalog, inventory):
    service.place_order("ada", [(catalog["mug"], 4)])
    assert inventory.available("mug") == 6


def test_place_order_out_of_stock(service, catalog):
    with pytest.raises(OutOfStock):
        service.place_order("ada", [(catalog["tee"], 11)])


def test_customer_spend(service, catalog):
    service.place_order("ada", [(catalog["mug"], 1)])
    service.place_order("ada", [(catalog["pin"], 3)])
    assert service.customer_spend("ada") == 1500


@pytest.mark.xfail(reason="loyalty points are computed by the billing service")
def test_loyalty_points(service, catalog):
    order = service.place_order("ada", [(catalog["mug"], 1)])
    assert order.points == 12
