import icalendar


def to_ics(room, bookings, day):
    """An iCalendar file of a room's bookings on `day` (a date)."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//bookings//EN")
    for slot in bookings:
        event = icalendar.Event()
        event.add("summary", f"{room} booked")
        event.add("dtstart", day.isoformat() + f"T{slot.start // 60:02d}{slot.start % 60:02d}00")
        cal.add_component(event)
    return cal.to_ical().decode()
