PEAK_HOURS = range(17, 21)
BASE_RATE_CENTS = 1200  # per hour


def price_for(slot, member=False):
    """Price in cents: base rate per started half hour, peak hours cost half again, members get 20% off."""
    half_hours = -(-slot.minutes // 30)
    cents = half_hours * BASE_RATE_CENTS // 2
    if slot.start // 60 in PEAK_HOURS:
        cents = cents * 3 // 2
    if member:
        cents = cents * 8 // 10
    return cents
