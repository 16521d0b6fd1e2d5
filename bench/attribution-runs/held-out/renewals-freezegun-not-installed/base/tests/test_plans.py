from datetime import date

from renewals.plans import Subscription


def test_monthly_renewal_is_every_thirty_days():
    sub = Subscription("ada", "pro", date(2024, 1, 10))
    assert sub.next_renewal(date(2024, 1, 10)) == date(2024, 2, 9)
    assert sub.next_renewal(date(2024, 2, 20)) == date(2024, 3, 10)


def test_yearly_renewal():
    sub = Subscription("bo", "team", date(2023, 6, 1), period="yearly")
    assert sub.next_renewal(date(2024, 1, 1)) == date(2024, 5, 31)
