from datetime import timedelta


def weekly(first_day, weeks):
    """The dates of a weekly booking: `weeks` occurrences starting on `first_day`."""
    if weeks < 1:
        raise ValueError("a recurring booking needs at least one week")
    return [first_day + timedelta(weeks=i) for i in range(1, weeks)]


def clashes(days, holidays):
    """The occurrences that fall on a holiday."""
    return sorted(set(days) & set(holidays))
