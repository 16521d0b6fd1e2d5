from shop.models import Order, OrderLine
from shop.pricing import apply_discount, subtotal, with_tax


class OrderService:
    def __init__(self, repository, inventory):
        self.repository = repository
        self.inventory = inventory

    def place_order(self, customer, items, discount_percent=0):
        """items: list of (product, quantity). Reserves stock, prices and saves the order."""
        lines = [OrderLine(product, quantity) for product, quantity in items]
        for line in lines:
            self.inventory.reserve(line.product.sku, line.quantity)
        total = with_tax(apply_discount(subtotal(lines), discount_percent))
        order = Order(self.repository.next_id(), customer, lines, discount_percent, total)
        return self.repository.save(order)

    def customer_spend(self, customer):
        return sum(order.total_cents for order in self.repository.for_customer(customer))
