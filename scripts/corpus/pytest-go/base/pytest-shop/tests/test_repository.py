import pytest

from shop.models import Order
from shop.repository import NotFound, OrderRepository


def test_save_and_get():
    repo = OrderRepository()
    order = repo.save(Order(repo.next_id(), "ada"))
    assert repo.get(order.id) is order


def test_get_missing():
    with pytest.raises(NotFound):
        OrderRepository().get(42)


def test_for_customer():
    repo = OrderRepository()
    repo.save(Order(repo.next_id(), "ada"))
    repo.save(Order(repo.next_id(), "bob"))
    repo.save(Order(repo.next_id(), "ada"))
    assert [o.id for o in repo.for_customer("ada")] == [1, 3]
