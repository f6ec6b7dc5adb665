"""Business days: Monday to Friday, less the public holidays of a country or subdivision."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays as holidays_lib

ONE_DAY = dt.timedelta(days=1)


def check_holiday_code(code: str) -> str:
    """Raise ValueError unless `code` names a supported calendar: "GB", or "US-NY" for a subdivision."""
    country, _, subdiv = code.partition("-")
    supported = holidays_lib.list_supported_countries()
    if country not in supported:
        raise ValueError(f"'{code}' is not a public-holiday calendar: use an ISO 3166 country code such as GB or US")
    if subdiv and subdiv not in supported[country]:
        raise ValueError(
            f"'{code}' is not a public-holiday calendar: {country} has no subdivision '{subdiv}'"
        )
    return code


@lru_cache(maxsize=64)
def _calendar(code: str) -> holidays_lib.HolidayBase:
    country, _, subdiv = code.partition("-")
    return holidays_lib.country_holidays(country, subdiv=subdiv or None)


class WorkCalendar:
    """Which days are working days, for one public-holiday calendar (or none)."""

    def __init__(self, holidays: str | None = None) -> None:
        self.code = holidays
        self._holidays = _calendar(holidays) if holidays else None

    def __repr__(self) -> str:
        return f"WorkCalendar({self.code!r})"

    def holiday(self, day: dt.date) -> str | None:
        """The name of the public holiday on `day`, if there is one."""
        if self._holidays is None:
            return None
        return self._holidays.get(day)

    def is_business_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and self.holiday(day) is None

    def on_or_before(self, day: dt.date) -> dt.date:
        """`day` if it is a business day, else the business day before it."""
        while not self.is_business_day(day):
            day -= ONE_DAY
        return day

    def add_business_days(self, day: dt.date, count: int) -> dt.date:
        """Move `count` business days from `day` (back when negative); 0 keeps the day itself."""
        step = ONE_DAY if count > 0 else -ONE_DAY
        remaining = abs(count)
        while remaining:
            day += step
            if self.is_business_day(day):
                remaining -= 1
        return day
