from bookings import Slot
from bookings.availability import free_hours, next_free


def test_next_free_skips_the_morning_booking(store):
    store.book("green", Slot(480, 600), "ada")
    assert next_free(store, "green", 30) == 600


def test_free_hours_of_an_empty_room(store):
    assert free_hours(store, "green") == list(range(8, 22))
