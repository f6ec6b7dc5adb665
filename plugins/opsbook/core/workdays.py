"""Business days: Monday to Friday, less the public holidays of a country or subdivision."""

from __future__ import annotations

import bisect
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
        raise ValueError(f"'{code}' is not a public-holiday calendar: {country} has no subdivision '{subdiv}'")
    return code


#: The years compared to tell whether a country's subdivisions keep public holidays of their own.
_SAMPLE_YEARS = range(2020, 2031)
_CHOICES_SHOWN = 12


@lru_cache(maxsize=64)
def subdivision_note(code: str) -> str | None:
    """What to know about a calendar of a whole country whose subdivisions keep public holidays
    of their own (`GB` holds neither Easter Monday nor the August bank holiday: they are
    England's, Wales' and Northern Ireland's); None for any other calendar."""
    country, _, subdiv = code.partition("-")
    choices = sorted(holidays_lib.list_supported_countries().get(country, ()))
    if subdiv or not choices:
        return None
    national = holidays_lib.country_holidays(country, years=_SAMPLE_YEARS)
    own = {}
    for choice in choices:
        regional = holidays_lib.country_holidays(country, subdiv=choice, years=_SAMPLE_YEARS)
        names = sorted({regional[day].removesuffix(" (observed)") for day in regional if day not in national})
        if names:
            own[choice] = names
    if not own:
        return None
    example, names = next(iter(own.items()))
    shown = ", ".join(f"{country}-{c}" for c in choices[:_CHOICES_SHOWN])
    more = f" … ({len(choices)} in all)" if len(choices) > _CHOICES_SHOWN else ""
    return (
        f"'{code}' counts only the public holidays of the whole country; its subdivisions keep "
        f"their own ({country}-{example}: {', '.join(names[:3])}), which '{code}' counts as business days. "
        f"Name one: {shown}{more}"
    )


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
        """Move `count` business days from `day` (back when negative); 0 keeps the day itself.

        Counted in whole weeks, then the holidays the stretch held are made up for the same
        way, until a stretch holds none: a few steps for any count, not one per day.
        """
        forward = count > 0
        remaining = abs(count)
        while remaining:
            reached = _add_weekdays(day, remaining if forward else -remaining)
            first, last = (day + ONE_DAY, reached) if forward else (reached, day - ONE_DAY)
            remaining = self._weekday_holidays(first, last)
            day = reached
        return day

    def _weekday_holidays(self, first: dt.date, last: dt.date) -> int:
        """How many public holidays fall on a weekday from `first` to `last`, both inclusive."""
        if self.code is None:
            return 0
        return sum(
            bisect.bisect_right(days, last) - bisect.bisect_left(days, first)
            for days in (_weekday_holidays_of(self.code, year) for year in range(first.year, last.year + 1))
        )


@lru_cache(maxsize=4096)
def _weekday_holidays_of(code: str, year: int) -> tuple[dt.date, ...]:
    """The public holidays of calendar `code` in `year` that fall on a weekday, in order."""
    # HolidayBase slices by date (its __getitem__), which its annotation leaves out.
    found = _calendar(code)[dt.date(year, 1, 1) : dt.date(year + 1, 1, 1)]  # type: ignore[index]
    return tuple(day for day in found if day.weekday() < 5)


def _add_weekdays(day: dt.date, count: int) -> dt.date:
    """The day `count` weekdays (Monday to Friday) after `day`, or before it when negative."""
    step = 1 if count > 0 else -1
    # From a weekend, count as from the Friday before it going forward, the Monday after going back.
    if day.weekday() >= 5:
        day += dt.timedelta(days=4 - day.weekday() if step > 0 else 7 - day.weekday())
    weeks, rest = divmod(abs(count), 5)
    day += dt.timedelta(weeks=weeks * step)
    while rest:
        day += dt.timedelta(days=step)
        if day.weekday() < 5:
            rest -= 1
    return day
