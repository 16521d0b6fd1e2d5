import pytest

from bookings import BookingError, Slot


def test_book_and_list(store):
    store.book("blue", Slot(600, 660), "ada")
    store.book("blue", Slot(660, 720), "bob")
    assert store.bookings("blue") == [Slot(600, 660), Slot(660, 720)]


def test_overlapping_booking_is_refused(store):
    store.book("blue", Slot(600, 660), "ada")
    with pytest.raises(BookingError, match="taken by ada"):
        store.book("blue", Slot(630, 690), "bob")


def test_cancel_removes_only_that_person(store):
    store.book("red", Slot(600, 660), "ada")
    store.book("red", Slot(700, 760), "bob")
    assert store.cancel("red", "ada") == 1
    assert store.bookings("red") == [Slot(700, 760)]
