"""Room bookings: opening hours, free slots, prices."""
from .slots import Slot, free_slots, overlaps
from .pricing import price_for, PEAK_HOURS
from .store import BookingStore, BookingError

__all__ = ["Slot", "free_slots", "overlaps", "price_for", "PEAK_HOURS", "BookingStore", "BookingError"]
