"""The VTIMEZONEs of the feeds, written with yearly RRULEs (`aictdata.model.tzrules`),
which Outlook reads correctly, unlike the RDATE lists of icalendar's own generator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from icalendar import (
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vRecur,
)

from aictdata.model.tzrules import Observance, current_rules

if TYPE_CHECKING:
    pass

WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


# --- time zones ----------------------------------------------------------------------


def vtimezone(key: str) -> bytes:
    """The zone as one STANDARD and one DAYLIGHT observance with yearly RRULEs."""
    timezone = Timezone()
    timezone.add("tzid", key)
    for observance in current_rules(key).observances:
        timezone.add_component(_observance(observance))
    return timezone.to_ical()


def _observance(observance: Observance) -> TimezoneStandard | TimezoneDaylight:
    component = TimezoneDaylight() if observance.daylight else TimezoneStandard()
    component.add("dtstart", observance.starts)
    component.add("tzoffsetfrom", observance.offset_from)
    component.add("tzoffsetto", observance.offset_to)
    component.add("tzname", observance.name)
    if observance.rule is not None:
        rule = observance.rule
        component.add(
            "rrule",
            vRecur(
                freq="YEARLY",
                bymonth=rule.month,
                byday=f"{rule.week}{WEEKDAYS[rule.weekday]}",
            ),
        )
    return component
