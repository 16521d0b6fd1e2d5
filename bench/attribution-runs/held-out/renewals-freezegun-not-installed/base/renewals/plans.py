from dataclasses import dataclass
from datetime import date, timedelta

PERIODS = {"monthly": 30, "yearly": 365}


@dataclass
class Subscription:
    customer: str
    plan: str
    started: date
    period: str = "monthly"

    def next_renewal(self, today: date) -> date:
        days = PERIODS[self.period]
        renewal = self.started
        while renewal <= today:
            renewal += timedelta(days=days)
        return renewal
