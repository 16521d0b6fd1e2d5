from collections import defaultdict


class NotFound(KeyError):
    pass


class OrderRepository:
    """Keeps orders in memory, indexed by id and by customer."""

    def __init__(self):
        self._orders = {}
        self._by_customer = defaultdict(list)
        self._next_id = 1

    def next_id(self):
        order_id = self._next_id
        self._next_id += 1
        return order_id

    def save(self, order):
        self._orders[order.id] = order
        self._by_customer[order.customer].append(order.id)
        return order

    def get(self, order_id):
        try:
            return self._orders[order_id]
        except KeyError:
            raise NotFound(order_id) from None

    def for_customer(self, customer):
        return [self._orders[i] for i in self._by_customer.get(customer, [])]
