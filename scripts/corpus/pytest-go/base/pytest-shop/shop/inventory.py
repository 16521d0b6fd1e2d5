class OutOfStock(Exception):
    def __init__(self, sku, wanted, available):
        super().__init__(f"{sku}: wanted {wanted}, only {available} left")
        self.sku = sku


class Inventory:
    def __init__(self):
        self._stock = {}

    def add(self, sku, quantity):
        self._stock[sku] = self._stock.get(sku, 0) + quantity

    def available(self, sku):
        return self._stock.get(sku, 0)

    def reserve(self, sku, quantity):
        """Takes `quantity` out of stock; returns True, or raises OutOfStock."""
        have = self.available(sku)
        if quantity > have:
            raise OutOfStock(sku, quantity, have)
        self._stock[sku] = have - quantity
        return True
