import pytest

from bookings import Slot, free_slots, overlaps


def test_slots_are_half_open():
    assert not overlaps(Slot(60, 120), Slot(120, 180))
    assert overlaps(Slot(60, 121), Slot(120, 180))


def test_empty_slot_is_rejected():
    with pytest.raises(ValueError):
        Slot(10, 10)


def test_free_slots_skip_bookings(opening):
    free = free_slots(Slot(600, 780), [Slot(660, 720)], 60)
    assert free == [Slot(600, 660), Slot(720, 780)]
