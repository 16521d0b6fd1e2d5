from bookings import Slot


def test_member_quote_is_discounted(member_store):
    assert member_store.quote(Slot(18 * 60, 19 * 60), member=True) == 1440


def test_guest_quote(store):
    assert store.quote(Slot(9 * 60, 10 * 60)) == 1200
