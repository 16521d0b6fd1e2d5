from dataclasses import dataclass


@dataclass(frozen=True)
class Slot:
    """A half-open interval [start, end) in minutes since midnight."""

    start: int
    end: int

    def __post_init__(self):
        if self.end <= self.start:
            raise ValueError(f"empty slot {self.start}-{self.end}")

    @property
    def minutes(self):
        return self.end - self.start


def overlaps(a, b):
    return a.start < b.end and b.start < a.end


def free_slots(opening, bookings, length):
    """Start-aligned free slots of `length` minutes inside `opening`, avoiding `bookings`."""
    result = []
    start = opening.start
    while start + length <= opening.end:
        candidate = Slot(start, start + length)
        if not any(overlaps(candidate, b) for b in bookings):
            result.append(candidate)
        start += length
    return result
