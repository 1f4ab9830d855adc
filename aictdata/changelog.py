"""The programme's changes in plain French: one wording for the pages, the Atom feeds and
the calendar events' descriptions, so that a participant reads the same sentence
wherever the change reaches them.

The versions themselves are recorded by the calendar memory (`calendar_state`): this
module only words them, from the values the memory keeps (RFC 3339 times with the
offset of their date, so a time reads as the wall clock of the edition's place).
"""

from __future__ import annotations

from datetime import date, datetime

from aictdata import text, vocab
from aictdata.calendar_state import ChangeKind, ProgrammeChange, Version
from aictdata.model import Status

_EDITION_SENTENCES: dict[ChangeKind, str] = {
    ChangeKind.CANCELLED: "L’édition est annulée",
    ChangeKind.POSTPONED: "L’édition est reportée",
    ChangeKind.RESTORED: "L’édition est maintenue",
}

_SLOT_WORDS: dict[ChangeKind, str] = {
    ChangeKind.CANCELLED: "annulé",
    ChangeKind.POSTPONED: "reporté",
    ChangeKind.RESTORED: "rétabli",
    ChangeKind.REMOVED: "retiré du programme",
}


def sentence(change: ProgrammeChange) -> str:
    """One change as a sentence without its final full stop:
    « Ateliers … : déplacé de 9h30 à 10h00 »."""
    if change.session is None:
        return _edition_sentence(change)
    title = change.title or change.session
    kind = change.kind
    if kind is ChangeKind.ADDED:
        return f"{title} : ajouté ({_slot_time(change.after)})"
    if kind is ChangeKind.MOVED:
        return f"{title} : {_move(change.before, change.after)}"
    if kind is ChangeKind.RETITLED:
        return f"« {change.before} » s’intitule désormais « {change.after} »"
    if kind is ChangeKind.RELOCATED:
        if change.after is None:
            return f"{title} : lieu retiré (auparavant {change.before})"
        if change.before is None:
            return f"{title} : lieu précisé, {change.after}"
        return f"{title} : lieu modifié, {change.before} devient {change.after}"
    if kind is ChangeKind.STATUS:
        return f"{title} : désormais « {_status_label(change.after)} »"
    return f"{title} : {_SLOT_WORDS[kind]}"


def version_title(edition_id: str, version: Version) -> str:
    """« Programme 2025, version 3 »: the Atom entry's title and the page's heading."""
    return f"Programme {edition_id}, version {version.number}"


def version_date(version: Version) -> str:
    """The day the version was published, in words: « 1er décembre 2026 »."""
    return text.french_date(version.dated.date(), weekday=False)


def latest_notes(versions: tuple[Version, ...]) -> dict[str, str]:
    """For each slot that changed, the latest version that changed it, every change of
    it in that version (moved and retitled together), as a calendar event says it:
    « Modifié le 1er décembre 2026 (version 2) : Atelier … : déplacé de 9h30 à 10h00. »"""
    notes: dict[str, str] = {}
    for version in versions:
        by_slot: dict[str, list[str]] = {}
        for change in version.changes:
            if change.session is not None:
                by_slot.setdefault(change.session, []).append(sentence(change))
        for session, sentences in by_slot.items():
            notes[session] = (
                f"Modifié le {version_date(version)} (version {version.number}) :"
                f" {' ; '.join(sentences)}."
            )
    return notes


def previous_start(versions: tuple[Version, ...], session: str) -> datetime | None:
    """Where the slot started before its latest move (schema.org `previousStartDate`);
    None when it never moved, or when its latest move kept the start (a new end)."""
    for version in reversed(versions):
        for change in reversed(version.changes):
            if change.session == session and change.kind is ChangeKind.MOVED:
                before, after = _start(change.before), _start(change.after)
                return before if before != after else None
    return None


def previous_edition_start(versions: tuple[Version, ...]) -> date | None:
    """The edition's first day before its latest change of dates, if it ever moved."""
    for version in reversed(versions):
        for change in reversed(version.changes):
            if change.session is None and change.kind is ChangeKind.MOVED:
                before = date.fromisoformat((change.before or "").partition("/")[0])
                after = date.fromisoformat((change.after or "").partition("/")[0])
                return before if before != after else None
    return None


def _edition_sentence(change: ProgrammeChange) -> str:
    if change.kind is ChangeKind.MOVED:
        return f"L’édition change de dates : {_days(change.before)} devient {_days(change.after)}"
    if change.kind is ChangeKind.STATUS:
        return f"L’édition est désormais « {_status_label(change.after)} »"
    return _EDITION_SENTENCES[change.kind]


def _move(before: str | None, after: str | None) -> str:
    """« déplacé de 9h30 à 10h00 », with the days when they differ; « horaire modifié »
    when only the end moves."""
    old_start, old_end = _interval(before)
    new_start, new_end = _interval(after)
    if old_start == new_start:
        return f"horaire modifié, {_range(old_start, old_end)} devient {_range(new_start, new_end)}"
    if old_start.date() == new_start.date():
        return f"déplacé de {text.french_time(old_start)} à {text.french_time(new_start)}"
    return f"déplacé du {_moment(old_start)} au {_moment(new_start)}"


def _slot_time(value: str | None) -> str:
    start, end = _interval(value)
    return f"{text.french_date(start.date())}, {_range(start, end)}"


def _range(start: datetime, end: datetime) -> str:
    return f"{text.french_time(start)}–{text.french_time(end)}"


def _moment(moment: datetime) -> str:
    return f"{text.french_date(moment.date())} à {text.french_time(moment)}"


def _interval(value: str | None) -> tuple[datetime, datetime]:
    start, _, end = (value or "").partition("/")
    return datetime.fromisoformat(start), datetime.fromisoformat(end)


def _start(value: str | None) -> datetime:
    return _interval(value)[0]


def _days(value: str | None) -> str:
    first, _, last = (value or "").partition("/")
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    if start == end:
        return text.french_date(start)
    return f"du {text.french_date(start)} au {text.french_date(end)}"


def _status_label(value: str | None) -> str:
    return vocab.STATUS_LABELS[Status(value)] if value else ""
