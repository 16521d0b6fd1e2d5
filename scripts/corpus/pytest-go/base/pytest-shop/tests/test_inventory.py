import pytest

from shop.inventory import Inventory, OutOfStock


class TestInventory:
    def setup_method(self):
        self.inventory = Inventory()
        self.inventory.add("mug", 5)

    def test_available(self):
        assert self.inventory.available("mug") == 5
        assert self.inventory.available("nope") == 0

    def test_reserve_returns_true(self):
        assert self.inventory.reserve("mug", 2) is True
        assert self.inventory.available("mug") == 3

    def test_reserve_too_many(self):
        with pytest.raises(OutOfStock):
            self.inventory.reserve("mug", 6)
