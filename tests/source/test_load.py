"""The loader: every rule of the model, reported as file:line:column: field: message."""

from __future__ import annotations

import shutil

import pytest

from aictdata import DataError, load_catalog
from tests.conftest import MINIMAL, REAL_EDITIONS, line_of, load_problems


def test_real_editions_load_with_one_slot_per_programme_line():
    catalog = load_catalog(REAL_EDITIONS)
    assert [e.id for e in catalog.editions] == ["2024", "2025"]
    assert [len(e.sessions) for e in catalog.editions] == [14, 10]


def test_minimal_fixture_is_valid():
    assert load_catalog(MINIMAL).editions[0].id == "2030"


def test_end_before_start_names_file_line_and_field(make_series):
    folder = make_series(('end: "10:00"', 'end: "08:30"'))
    path = folder / "2030.yaml"
    line = line_of(path, 'end: "08:30"')
    assert load_problems(folder) == [
        f"{path}:{line}:10: sessions[accueil].end: must be after start (08:30 <= 09:00)"
    ]


def test_dst_gap_time_is_rejected(make_series):
    folder = make_series(('start: "16:00"', 'start: "02:30"'))
    path = folder / "2030.yaml"
    line = line_of(path, 'start: "02:30"')
    assert load_problems(folder) == [
        f"{path}:{line}:12: sessions[cloture].start: 2030-03-31 02:30 does not exist in"
        " Europe/Paris (clocks go forward)"
    ]


def test_dst_ambiguous_time_is_rejected(make_series):
    folder = make_series(
        ("end_date: 2030-03-31", "end_date: 2030-10-27"),
        ("    date: 2030-03-31", "    date: 2030-10-27"),
        ('start: "16:00"', 'start: "02:30"'),
    )
    path = folder / "2030.yaml"
    line = line_of(path, 'start: "02:30"')
    assert load_problems(folder) == [
        f"{path}:{line}:12: sessions[cloture].start: 2030-10-27 02:30 happens twice in Europe/Paris"
        " (clocks go back): ambiguous"
    ]


def test_slot_outside_the_edition_is_rejected(make_series):
    folder = make_series(("    date: 2030-03-31", "    date: 2030-04-02"))
    path = folder / "2030.yaml"
    line = line_of(path, "date: 2030-04-02")
    assert load_problems(folder) == [
        f"{path}:{line}:11: sessions[cloture].date: 2030-04-02 is outside the edition"
        " (2030-03-30 to 2030-03-31)"
    ]


def test_duplicate_session_id_is_rejected(make_series):
    folder = make_series(("id: cloture", "id: accueil"))
    path = folder / "2030.yaml"
    line = line_of(path, "id: accueil", occurrence=2)
    assert load_problems(folder) == [
        f"{path}:{line}:9: sessions[1].id: duplicate id 'accueil' (already sessions[0])"
    ]


def test_registration_must_open_before_the_event(make_series):
    folder = make_series(("opens: 2030-01-15", "opens: 2030-04-01"))
    path = folder / "2030.yaml"
    line = line_of(path, "opens: 2030-04-01")
    assert load_problems(folder) == [
        f"{path}:{line}:10: registration.opens: must be before the edition starts (2030-03-30)"
    ]


def test_unknown_field_points_at_the_key(make_series):
    folder = make_series(("    kind: welcome", "    kind: welcome\n    colour: red"))
    path = folder / "2030.yaml"
    assert load_problems(folder) == [
        f"{path}:{line_of(path, 'colour')}:5: sessions[accueil].colour:"
        " unknown field 'colour' (a typo?)"
    ]


def test_missing_required_field_is_named(make_series):
    folder = make_series(("    title: Accueil\n", ""))
    path = folder / "2030.yaml"
    line = line_of(path, "id: accueil")  # the slot's mapping, where the field is missing
    assert load_problems(folder) == [
        f"{path}:{line}:5: sessions[accueil]: required field 'title' is missing"
    ]


@pytest.mark.parametrize(
    ("replacement", "field"),
    [
        (("id: accueil", "id: Accueil"), "sessions[0].id"),
        (("id: accueil", "id: ../accueil"), "sessions[0].id"),
        (("id: lieu", "id: a/b"), "venue.id"),
        (('postal_code: "75001"', "postal_code: 75001"), "venue.address.postal_code"),
        (("source:\n", "source:\n  url: ftp://example.org/x\n"), "source.url"),
        (("kind: welcome", "kind: breakfast"), "sessions[accueil].kind"),
        (("title: Accueil", 'title: "Accueil\\r\\nSTATUS:CANCELLED"'), "sessions[accueil].title"),
        (
            (
                "updated: 2030-01-01T00:00:00+01:00",
                "updated: 2030-01-01T00:00:00+01:00\ntimezone: Europe/Pariss",
            ),
            "timezone",
        ),
        (('start: "09:00"', "start: 9"), "sessions[accueil].start"),
        (('start: "09:00"', 'start: "25:00"'), "sessions[accueil].start"),
    ],
)
def test_invalid_values_are_located(make_series, replacement, field):
    folder = make_series(replacement)
    found = load_problems(folder)
    assert len(found) == 1, found
    assert f": {field}: " in found[0]
    location = found[0].split(f": {field}:")[0]
    file, line, column = location.rsplit(":", 2)
    assert file.endswith("2030.yaml") and int(line) > 1 and int(column) >= 1


def test_postal_code_as_number_says_to_quote_it(make_series):
    folder = make_series(('postal_code: "75001"', "postal_code: 75001"))
    assert 'write it as text in quotes: "75001"' in load_problems(folder)[0]


def test_series_contacts_are_validated(make_series):
    folder = make_series()
    series = folder / "series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8")
        .replace('phone: "+33100000000"', 'phone: "+3310000"')
        .replace(
            "email: contact@example.org\nparticipations", "email: not-an-email\nparticipations"
        ),
        encoding="utf-8",
    )
    email, phone = line_of(series, "email: not-an-email"), line_of(series, 'phone: "+3310000"')
    assert load_problems(folder) == [
        f"{series}:{email}:12: organisations[org].email: 'not-an-email' is not an e-mail address"
        " (e.g. contact@cites-unies-france.org)",
        f"{series}:{phone}:12: contacts[0].phone: a French number has 9 digits after +33"
        " (e.g. +33153418181)",
    ]


def test_unknown_organisation_reference_is_rejected(make_series):
    folder = make_series(
        (
            "registration:",
            "participations:\n  - organisation: nobody\n    role: partner\nregistration:",
        )
    )
    path = folder / "2030.yaml"
    line = line_of(path, "organisation: nobody")
    assert load_problems(folder) == [
        f"{path}:{line}:19: participations[0].organisation: unknown organisation 'nobody'"
        " (known: org)"
    ]


def test_edition_id_must_match_the_file_name(make_series):
    folder = make_series(('id: "2030"', 'id: "trente"'))
    path = folder / "2030.yaml"
    line = line_of(path, 'id: "trente"')
    assert load_problems(folder) == [
        f"{path}:{line}:5: id: edition id 'trente' must match the file name (2030.yaml)"
    ]


def test_year_written_as_a_number_is_accepted(make_series):
    folder = make_series(('id: "2030"', "id: 2030"))
    assert load_catalog(folder).editions[0].id == "2030"


def test_all_errors_of_all_files_are_reported_at_once(make_series):
    folder = make_series(("title: Accueil", "title: 12"), ("kind: closing", "kind: nope"))
    (folder / "2031.yaml").write_text("- a list\n", encoding="utf-8")
    found = load_problems(folder)
    assert len(found) == 3
    assert any("2031.yaml:1:1:" in p and "expected a YAML mapping" in p for p in found)


def test_french_ways_of_writing_times_and_phones_are_understood(make_series):
    folder = make_series(('start: "09:00"', "start: 9h00"), ('end: "17:00"', "end: 17:00"))
    series = folder / "series.yaml"
    series.write_text(
        series.read_text(encoding="utf-8").replace('"+33100000000"', '"+33 (0)1 53 41 81 81"'),
        encoding="utf-8",
    )
    catalog = load_catalog(folder)
    first, last = catalog.editions[0].sessions
    assert first.starts_at.isoformat() == "2030-03-30T09:00:00+01:00"
    assert last.ends_at.isoformat() == "2030-03-31T17:00:00+02:00"
    assert catalog.series.contacts[0].phone == "+33153418181"


@pytest.mark.parametrize(
    ("replacement", "field", "meaning"),
    [
        (("source:\n", "source:\n  file: a/b.pdf\n"), "source.file", "is not a file name"),
        (("updated:", "hashtag: '#RAICT'\nupdated:"), "hashtag", "is not a hashtag"),
        (("locality: Paris", "locality: Paris\n    country: fr"), "venue.address.country", "code"),
        (("opens: 2030-01-15", "opens: 2030-01-15\n  mode: post"), "registration.mode", "mode"),
    ],
)
def test_a_pattern_mismatch_is_explained_without_the_regular_expression(
    make_series, replacement, field, meaning
):
    (found,) = load_problems(make_series(replacement))
    message = found.split(f": {field}: ", 1)[1]
    assert meaning in message
    assert "^" not in message and "pattern" not in message, found


# --- rules across editions ----------------------------------------------------------


def copy_of_2025(tmp_path, *replacements: tuple[str, str]):
    """The real editions and a copy of 2025 as 2026.yaml, with `replacements` applied."""
    folder = tmp_path / "editions"
    shutil.copytree(REAL_EDITIONS, folder)
    text = (folder / "2025.yaml").read_text(encoding="utf-8").replace('id: "2025"', 'id: "2026"')
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    (folder / "2026.yaml").write_text(text, encoding="utf-8")
    return folder, folder / "2026.yaml"


def test_a_copy_of_an_edition_is_refused_with_every_shared_fact_located(tmp_path):
    folder, copy = copy_of_2025(tmp_path)
    with pytest.raises(DataError) as raised:
        load_catalog(folder)
    found = {(p.line, p.field): p.message for p in raised.value.problems}
    assert set(found) == {
        (line_of(copy, 'id: "2026"'), "id"),
        (line_of(copy, "number: 16"), "number"),
        (line_of(copy, "start_date:"), "start_date"),
        (line_of(copy, "hashtag:"), "hashtag"),
        (line_of(copy, "  file: 001_"), "source.file"),
    }
    assert all(p.file.endswith("2026.yaml") for p in raised.value.problems)
    assert found[line_of(copy, "number: 16"), "number"].startswith(
        "16 is already the number of edition 2025"
    )
    assert "overlaps the dates of edition 2025" in found[line_of(copy, "start_date:"), "start_date"]
    assert "starts in 2025" in found[line_of(copy, 'id: "2026"'), "id"]


OWN_FACTS = {
    "number": ("number: 16", "number: 17"),
    "start_date": ("2025-07-04", "2026-07-03"),
    "hashtag": ("RencontresAICT2025", "RencontresAICT2026"),
    "source.file": ("file: 001_bac82b4ff7f31f5a.txt", "file: 2026.txt"),
}
"""What a next edition changes from a copy of 2025, by the field a copy would share."""


@pytest.mark.parametrize("shared", sorted(OWN_FACTS))
def test_each_fact_shared_with_another_edition_is_refused_on_its_own(tmp_path, shared):
    folder, _ = copy_of_2025(tmp_path, *(r for field, r in OWN_FACTS.items() if field != shared))
    with pytest.raises(DataError) as raised:
        load_catalog(folder)
    found = {problem.field for problem in raised.value.problems}
    # The copy's id, 2026, then also names a year its dates are not in.
    assert found == ({shared, "id"} if shared == "start_date" else {shared})


def test_a_next_edition_with_its_own_facts_is_accepted(tmp_path):
    folder, _ = copy_of_2025(
        tmp_path,
        ("number: 16", "number: 17"),
        ("2025-07-04", "2026-07-03"),
        ("RencontresAICT2025", "RencontresAICT2026"),
        ("file: 001_bac82b4ff7f31f5a.txt", "file: 2026.txt"),
    )
    assert [e.number for e in load_catalog(folder).editions] == [15, 16, 17]


def test_numbers_rise_with_the_dates(tmp_path):
    folder, copy = copy_of_2025(
        tmp_path,
        ("number: 16", "number: 14"),
        ("2025-07-04", "2026-07-03"),
        ("RencontresAICT2025", "RencontresAICT2026"),
        ("file: 001_bac82b4ff7f31f5a.txt", "file: 2026.txt"),
    )
    with pytest.raises(DataError) as raised:
        load_catalog(folder)
    (problem,) = raised.value.problems
    assert (problem.file.endswith("2026.yaml"), problem.line, problem.field) == (
        True,
        line_of(copy, "number: 14"),
        "number",
    )
    assert "lower number (14 < 16)" in problem.message


def test_a_slot_before_the_zones_current_rules_is_located(tmp_path):
    """Europe/Paris' current rules hold since 1996: a slot in 1990 cannot be written as
    a VTIMEZONE of yearly rules, so validation refuses it where it is written."""
    folder = tmp_path / "editions"
    shutil.copytree(MINIMAL, folder)
    text = (folder / "2030.yaml").read_text(encoding="utf-8").replace("2030-", "1990-")
    (folder / "2030.yaml").unlink()  # an edition of 1990 is 1990.yaml, id "1990"
    (folder / "1990.yaml").write_text(text.replace('id: "2030"', 'id: "1990"'), encoding="utf-8")
    path = folder / "1990.yaml"
    rule = "is before the current daylight-saving rules of Europe/Paris (since 1996): a"
    assert load_problems(folder) == [
        f"{path}:{line_of(path, date)}:11: sessions[{slot}].date: {day} {rule}"
        " calendar cannot describe that time zone then"
        for slot, date, day in (
            ("accueil", "    date: 1990-03-30", "1990-03-30"),
            ("cloture", "    date: 1990-03-31", "1990-03-31"),
        )
    ]
