from datetime import date

from bookings import Slot
from bookings.export import to_ics


def test_one_event_per_booking():
    ics = to_ics("blue", [Slot(600, 660), Slot(700, 760)], date(2024, 5, 1))
    assert ics.count("BEGIN:VEVENT") == 2
