"""The current rules of a time zone, as tzdata states them (the POSIX footer of its file)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from aictdata.model.tzrules import TimeZoneRulesError, YearlyRule, current_rules


def test_paris_changes_on_the_last_sundays_of_march_and_october_since_1996():
    rules = current_rules("Europe/Paris")
    standard, daylight = sorted(rules.observances, key=lambda o: o.daylight)
    assert (daylight.name, daylight.offset_from, daylight.offset_to) == (
        "CEST",
        timedelta(hours=1),
        timedelta(hours=2),
    )
    assert daylight.rule == YearlyRule(month=3, week=-1, weekday=0, at=timedelta(hours=2))
    assert standard.rule == YearlyRule(month=10, week=-1, weekday=0, at=timedelta(hours=3))
    # 1996 is the first year the EU rule ended summer time in October (before: September).
    assert (daylight.starts, standard.starts) == (
        datetime(1996, 3, 31, 2),
        datetime(1996, 10, 27, 3),
    )
    assert rules.since == datetime(1996, 3, 31, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        (YearlyRule(3, -1, 0, timedelta(hours=2)), 2025, datetime(2025, 3, 30, 2)),
        (YearlyRule(10, -1, 0, timedelta(hours=3)), 2024, datetime(2024, 10, 27, 3)),
        (YearlyRule(3, 2, 0, timedelta(hours=2)), 2025, datetime(2025, 3, 9, 2)),
        (YearlyRule(11, 1, 0, timedelta(hours=2)), 2025, datetime(2025, 11, 2, 2)),
        (YearlyRule(2, -1, 6, timedelta(0)), 2024, datetime(2024, 2, 24)),
    ],
)
def test_a_yearly_rule_falls_on_the_right_day(rule, year, expected):
    assert rule.on(year) == expected


def test_new_york_rules_start_with_the_2007_us_change():
    rules = current_rules("America/New_York")
    assert {o.rule.month for o in rules.observances if o.rule} == {3, 11}
    assert rules.since.year == 2007


def test_a_zone_without_daylight_saving_has_one_standard_observance():
    (only,) = current_rules("Asia/Tokyo").observances
    assert (only.daylight, only.rule, only.offset_to) == (False, None, timedelta(hours=9))


def test_rules_outside_the_day_cannot_be_a_vtimezone_and_are_refused():
    # Israel changes on "the Friday before the last Sunday of March" (M3.4.4/26).
    with pytest.raises(TimeZoneRulesError, match="Asia/Jerusalem"):
        current_rules("Asia/Jerusalem")


def test_an_unknown_zone_is_a_clear_error():
    with pytest.raises(TimeZoneRulesError, match="Europe/Atlantis is not in tzdata"):
        current_rules("Europe/Atlantis")
