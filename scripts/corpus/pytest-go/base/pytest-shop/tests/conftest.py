import pytest

from shop.inventory import Inventory
from shop.models import Product
from shop.repository import OrderRepository
from shop.service import OrderService


@pytest.fixture
def catalog():
    return {
        "mug": Product("mug", "Coffee mug", 1250),
        "tee": Product("tee", "T-shirt", 2000),
        "pin": Product("pin", "Enamel pin", 0),
    }


@pytest.fixture
def inventory(catalog):
    stock = Inventory()
    for sku in catalog:
        stock.add(sku, 10)
    return stock


@pytest.fixture
def service(inventory):
    return OrderService(OrderRepository(), inventory)
