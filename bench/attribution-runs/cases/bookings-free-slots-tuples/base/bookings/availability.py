from .slots import free_slots


def next_free(store, room, length):
    """The earliest free start (minutes since midnight) for `length` minutes in `room`, or None."""
    slots = free_slots(store.opening, store.bookings(room), length)
    return slots[0].start if slots else None


def free_hours(store, room):
    return [s.start // 60 for s in free_slots(store.opening, store.bookings(room), 60)]
