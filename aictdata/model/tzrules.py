"""The current daylight-saving rules of an IANA time zone, as yearly rules.

Calendar feeds describe their time zone with a VTIMEZONE. icalendar's own generator
(`Timezone.from_tzinfo`, used by `add_missing_timezones()`) lists every past change as
RDATEs, which Outlook mis-reads; the form every client understands is one STANDARD and
one DAYLIGHT observance, each with a yearly RRULE. This module finds those rules.

The source is the POSIX TZ string that ends every TZif file ("CET-1CEST,M3.5.0,M10.5.0/3"
for Europe/Paris): tzdata's own statement of the rules in force after its last listed
change. The file is read from the pinned `tzdata` package rather than the system's
zoneinfo, so two machines build byte-identical feeds. The past changes listed in the same
file are then compared with the rules, year by year going back, to find the first year
since which the rules hold without a break: the observances start there, and an event
before it must be refused (`ZoneRules.covers`), since yearly rules cannot describe it.

Nothing here knows about iCalendar: `aictdata.exporters.ics` turns `ZoneRules` into a
VTIMEZONE.
"""

from __future__ import annotations

import calendar
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from importlib import resources

from aictdata.errors import BuildError
from aictdata.i18n import _

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_YEAR_ONE = -62135596800
"""Seconds from the epoch to 0001-01-01: older "big bang" entries are not real changes."""

_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?"
_RULE = r"M(\d{1,2})\.([1-5])\.([0-6])(?:/([+-]?\d{1,3}(?::\d{2}(?::\d{2})?)?))?"
_POSIX_TZ = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?,{_RULE},{_RULE})?$"
)


class TimeZoneRulesError(BuildError):
    """A zone whose rules cannot be written as yearly rules (or that tzdata lacks)."""


@dataclass(frozen=True)
class YearlyRule:
    """When a yearly change happens, in local time: "the last Sunday of March at 02:00"."""

    month: int
    week: int
    """1 to 4 for the first to fourth such weekday of the month, -1 for the last."""
    weekday: int
    """0 = Sunday ... 6 = Saturday (the POSIX and RFC 5545 BYDAY order)."""
    at: timedelta
    """Wall-clock time of the change, read in the offset in force just before it."""

    def on(self, year: int) -> datetime:
        """The naive local date-time of the change in `year`."""
        python_weekday = (self.weekday - 1) % 7
        if self.week == -1:
            last = calendar.monthrange(year, self.month)[1]
            back = (date(year, self.month, last).weekday() - python_weekday) % 7
            day = last - back
        else:
            ahead = (python_weekday - date(year, self.month, 1).weekday()) % 7
            day = 1 + ahead + 7 * (self.week - 1)
        return datetime(year, self.month, day) + self.at


@dataclass(frozen=True)
class Observance:
    """One offset of the zone (CET, CEST...) and the yearly change that brings it."""

    name: str
    offset_from: timedelta
    offset_to: timedelta
    daylight: bool
    starts: datetime
    """First change under the current rules (naive, in `offset_from`)."""
    rule: YearlyRule | None
    """None for a zone without daylight-saving time: the offset simply holds."""


@dataclass(frozen=True)
class ZoneRules:
    key: str
    observances: tuple[Observance, ...]
    since: datetime
    """First instant (UTC) from which the observances describe the zone exactly."""

    def covers(self, moment: datetime) -> bool:
        return moment >= self.since


@cache
def current_rules(key: str) -> ZoneRules:
    """The rules of `key` (e.g. "Europe/Paris") as tzdata states them today."""
    changes, footer = _read_tzif(key, _tzif(key))
    match = _POSIX_TZ.match(footer)
    if not match:
        raise TimeZoneRulesError(
            _("the rules of {zone} ({rules}) cannot be written as yearly rules").format(
                zone=key, rules=repr(footer)
            )
        )
    std_name, std = _name(match["std"]), -_duration(match["std_offset"])
    if match["dst"] is None:
        since = changes[-1][0] if changes else datetime(1970, 1, 1, tzinfo=UTC)
        starts = (since + std).replace(tzinfo=None)
        return ZoneRules(key, (Observance(std_name, std, std, False, starts, None),), since)
    dst = -_duration(match["dst_offset"]) if match["dst_offset"] else std + timedelta(hours=1)
    groups = match.groups()
    to_dst, to_std = _rule(key, groups[4:8]), _rule(key, groups[8:12])

    def predicted(year: int) -> list[tuple[datetime, timedelta]]:
        begins = (to_dst.on(year) - std).replace(tzinfo=UTC)
        ends = (to_std.on(year) - dst).replace(tzinfo=UTC)
        return sorted([(begins, dst), (ends, std)])

    first = _first_year(changes, predicted)
    daylight = Observance(_name(match["dst"]), std, dst, True, to_dst.on(first), to_dst)
    standard = Observance(std_name, dst, std, False, to_std.on(first), to_std)
    return ZoneRules(key, (standard, daylight), predicted(first)[0][0])


def _tzif(key: str) -> bytes:
    try:
        return resources.files("tzdata").joinpath("zoneinfo", *key.split("/")).read_bytes()
    except (FileNotFoundError, IsADirectoryError, ModuleNotFoundError, ValueError) as error:
        raise TimeZoneRulesError(_("{zone} is not in tzdata").format(zone=key)) from error


_HEADER = struct.Struct(">4sc15x6L")


def _read_tzif(key: str, data: bytes) -> tuple[list[tuple[datetime, timedelta]], str]:
    """The offset changes listed in a TZif file (RFC 8536), and its POSIX TZ footer.

    Only changes of UTC offset are kept (a change of abbreviation alone does not move
    any clock). Version 1 files, which have no footer, are refused.
    """
    try:
        magic, version, *counts = _HEADER.unpack_from(data, 0)
        if magic != b"TZif" or version == b"\0":
            raise ValueError("not a TZif file of version 2 or later")
        isut, isstd, leap, time_count, type_count, chars = counts
        position = _HEADER.size + time_count * 5 + type_count * 6 + chars + leap * 8
        position += isstd + isut
        magic, version, *counts = _HEADER.unpack_from(data, position)
        isut, isstd, leap, time_count, type_count, chars = counts
        position += _HEADER.size
        times = struct.unpack_from(f">{time_count}q", data, position)
        position += time_count * 8
        indices = data[position : position + time_count]
        position += time_count
        offsets = [struct.unpack_from(">l", data, position + 6 * n)[0] for n in range(type_count)]
        position += type_count * 6 + chars + leap * 12 + isstd + isut
        footer = data[position:].strip(b"\n").decode("ascii")
    except (struct.error, ValueError, IndexError) as error:
        message = _("the tzdata file of {zone} cannot be read ({error})")
        raise TimeZoneRulesError(message.format(zone=key, error=error)) from None
    changes: list[tuple[datetime, timedelta]] = []
    previous = offsets[0] if offsets else 0
    for moment, index in zip(times, indices, strict=True):
        offset = offsets[index]
        if offset != previous and moment > _YEAR_ONE:
            changes.append((_EPOCH + timedelta(seconds=moment), timedelta(seconds=offset)))
        previous = offset
    return changes, footer


def _first_year(
    changes: list[tuple[datetime, timedelta]],
    predicted: Callable[[int], list[tuple[datetime, timedelta]]],
) -> int:
    """The earliest year from which every listed change is one the rules predict.

    After the table's last change only the rules apply, by definition of the footer
    (tzdata's "slim" files stop listing changes as soon as the footer takes over).
    """
    if not changes:
        return 1970
    last = changes[-1][0]
    by_year: dict[int, list[tuple[datetime, timedelta]]] = {}
    for moment, offset in changes:
        by_year.setdefault(moment.year, []).append((moment, offset))

    def listed_as_predicted(year: int) -> bool:
        expected = [(moment, offset) for moment, offset in predicted(year) if moment <= last]
        return by_year.get(year, []) == expected

    year = last.year + 1
    while year - 1 in by_year and listed_as_predicted(year - 1):
        year -= 1
    return year


def _name(raw: str) -> str:
    return raw.strip("<>")


def _duration(text: str) -> timedelta:
    """POSIX "[+-]hh[:mm[:ss]]" as a duration."""
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * timedelta(hours=parts[0], minutes=parts[1], seconds=parts[2])


def _rule(key: str, parts: tuple[str | None, ...]) -> YearlyRule:
    month, week, weekday, at = parts
    assert month is not None and week is not None and weekday is not None
    time = _duration(at) if at else timedelta(hours=2)
    if not timedelta(0) <= time < timedelta(days=1):
        raise TimeZoneRulesError(
            _(
                "{zone} changes its clocks at {at} h, outside the day: a calendar cannot"
                " describe this time zone (choose the zone of a nearby city)"
            ).format(zone=key, at=at)
        )
    return YearlyRule(int(month), -1 if week == "5" else int(week), int(weekday), time)
