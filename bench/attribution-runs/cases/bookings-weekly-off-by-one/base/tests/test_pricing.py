from bookings import Slot, price_for


def test_off_peak_hour():
    assert price_for(Slot(9 * 60, 10 * 60)) == 1200


def test_started_half_hours_are_charged():
    assert price_for(Slot(9 * 60, 9 * 60 + 40)) == 1200


def test_peak_and_member_discount():
    assert price_for(Slot(18 * 60, 19 * 60)) == 1800
    assert price_for(Slot(18 * 60, 19 * 60), member=True) == 1440
