from datetime import date

from freezegun import freeze_time

from renewals.notices import due_notices
from renewals.plans import Subscription

SUBS = [
    Subscription("ada", "pro", date(2024, 1, 10)),
    Subscription("bo", "team", date(2024, 1, 25)),
    Subscription("cy", "pro", date(2023, 3, 12), period="yearly"),
]


@freeze_time("2024-03-05")
def test_customers_renewing_within_a_week_get_a_notice():
    assert due_notices(SUBS) == [("ada", 5), ("cy", 6)]


def test_an_explicit_day_needs_no_clock():
    assert due_notices(SUBS, today=date(2024, 2, 20)) == [("bo", 4)]
