from datetime import date

NOTICE_DAYS = 7


def due_notices(subscriptions, today=None):
    """Customers whose renewal is within a week: they get the reminder e-mail today."""
    today = today or date.today()
    due = []
    for sub in subscriptions:
        left = (sub.next_renewal(today) - today).days
        if left <= NOTICE_DAYS:
            due.append((sub.customer, left))
    return sorted(due, key=lambda pair: pair[1])
