"""The VTIMEZONEs of the feeds, written with yearly RRULEs (`aictdata.model.tzrules`),
which Outlook reads correctly, unlike the RDATE lists of icalendar's own generator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aictdata.model.tzrules import Observance, ZoneRules, current_rules
from aictdata.output.caches import remembered

if TYPE_CHECKING:
    from icalendar import TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


# --- time zones ----------------------------------------------------------------------


def vtimezone(key: str) -> bytes:
    """The zone as one STANDARD and one DAYLIGHT observance with yearly RRULEs, kept by
    its rules (`caches.remembered`): a rebuild whose zones are as before does not import
    icalendar for them."""
    rules = current_rules(key)
    return remembered("vtimezone", (repr(rules),), ("icalendar",), lambda: _written(rules))


def _written(rules: ZoneRules) -> bytes:
    from icalendar import Timezone

    timezone = Timezone()
    timezone.add("tzid", rules.key)
    for observance in rules.observances:
        timezone.add_component(_observance(observance))
    return timezone.to_ical()


def _observance(observance: Observance) -> TimezoneStandard | TimezoneDaylight:
    from icalendar import TimezoneDaylight, TimezoneStandard, vRecur

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
