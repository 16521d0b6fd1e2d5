import pytest

from bookings import BookingStore, Slot


@pytest.fixture
def opening():
    return Slot(8 * 60, 22 * 60)


@pytest.fixture
def store(opening):
    return BookingStore(opening)
