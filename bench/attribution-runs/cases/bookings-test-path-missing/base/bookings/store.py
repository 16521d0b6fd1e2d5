from .slots import Slot, overlaps


class BookingError(Exception):
    pass


class BookingStore:
    def __init__(self, opening):
        self.opening = opening
        self._bookings = {}

    def book(self, room, slot, who):
        if slot.start < self.opening.start or slot.end > self.opening.end:
            raise BookingError("outside opening hours")
        for existing in self._bookings.get(room, []):
            if overlaps(existing["slot"], slot):
                raise BookingError(f"{room} is taken by {existing['who']}")
        self._bookings.setdefault(room, []).append({"slot": slot, "who": who})
        return len(self._bookings[room])

    def bookings(self, room):
        return [b["slot"] for b in self._bookings.get(room, [])]

    def cancel(self, room, who):
        before = len(self._bookings.get(room, []))
        self._bookings[room] = [b for b in self._bookings.get(room, []) if b["who"] != who]
        return before - len(self._bookings[room])
