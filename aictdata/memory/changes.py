"""The programme's changes in plain French: one wording for the pages, the Atom feeds and
the calendar events' descriptions, so that a participant reads the same sentence
wherever the change reaches them (and its English, `outputs.Words`, in the English
pages; the slots' titles in it are those the memory recorded, in English when the slot
has an English title).

The versions themselves are recorded by the calendar memory (`calendar_state`): this
module only words them, from the values the memory keeps (RFC 3339 times with the
offset of their date, so a time reads as the wall clock of the edition's place).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from aictdata.memory.state import ChangeKind, ProgrammeChange, Version
from aictdata.model.vocabularies import Status
from aictdata.words import vocabulary
from aictdata.words.outputs import F_, Words, words

_EDITION_SENTENCES: dict[ChangeKind, str] = {
    ChangeKind.CANCELLED: F_("L’édition est annulée"),
    ChangeKind.POSTPONED: F_("L’édition est reportée"),
    ChangeKind.RESTORED: F_("L’édition est maintenue"),
    ChangeKind.PUBLISHED: F_("Programme publié"),
}

_SLOT_WORDS: dict[ChangeKind, str] = {
    ChangeKind.CANCELLED: F_("annulé"),
    ChangeKind.POSTPONED: F_("reporté"),
    ChangeKind.RESTORED: F_("rétabli"),
    ChangeKind.REMOVED: F_("retiré du programme"),
    ChangeKind.DETAILS: F_("description ou intervenants modifiés"),
}


def _unquoted(title: str | None) -> str | None:
    """A title without the guillemets around it, which the sentence adds: « « Cafés des
    Rencontres » » would read doubled."""
    if title and title.startswith("«") and title.endswith("»") and len(title) > 1:
        return title[1:-1].strip(" \u00a0\u202f")
    return title


def sentence(change: ProgrammeChange, w: Words | None = None) -> str:
    """One change as a sentence without its final full stop:
    « Ateliers … : déplacé de 9h30 à 10h00 » (in French unless `w` says otherwise)."""
    w = w or words("fr")
    if change.session is None:
        return _edition_sentence(change, w)
    english = not w.french
    title = (english and change.title_en) or change.title or change.session
    kind = change.kind
    if english and change.before_en is not None:
        change = replace(change, before=change.before_en, after=change.after_en)
    elif change.before == change.after and kind in _ENGLISH_ONLY:
        return w(_ENGLISH_ONLY[kind]).format(
            title=title, before=change.before_en, after=change.after_en
        )
    if kind is ChangeKind.ADDED:
        return w(F_("{title} : ajouté ({when})")).format(
            title=title, when=_slot_time(change.after, w)
        )
    if kind is ChangeKind.MOVED:
        return w(F_("{title} : {move}")).format(
            title=title, move=_move(change.before, change.after, w)
        )
    if kind is ChangeKind.RETITLED:
        return w(F_("« {before} » s’intitule désormais « {after} »")).format(
            before=_unquoted(change.before), after=_unquoted(change.after)
        )
    if kind is ChangeKind.RELOCATED:
        if change.after is None:
            return w(F_("{title} : lieu retiré (auparavant {before})")).format(
                title=title, before=change.before
            )
        if change.before is None:
            return w(F_("{title} : lieu précisé, {after}")).format(title=title, after=change.after)
        return w(F_("{title} : lieu modifié, {before} devient {after}")).format(
            title=title, before=change.before, after=change.after
        )
    if kind is ChangeKind.STATUS:
        return w(F_("{title} : désormais « {status} »")).format(
            title=title, status=_status_label(change.after, w)
        )
    return w(F_("{title} : {change}")).format(title=title, change=w(_SLOT_WORDS[kind]))


_ENGLISH_ONLY: dict[ChangeKind, str] = {
    ChangeKind.RETITLED: F_("{title} : titre anglais modifié, « {before} » devient « {after} »"),
    ChangeKind.RELOCATED: F_("{title} : lieu en anglais modifié, {before} devient {after}"),
}
"""The French sentence of a change made in English only (the French text is the same)."""


def version_title(edition_id: str, version: Version, w: Words | None = None) -> str:
    """« Programme 2025, version 3 »: the Atom entry's title and the page's heading."""
    return (w or words("fr"))(F_("Programme {id}, version {number}")).format(
        id=edition_id, number=version.number
    )


def version_date(version: Version, w: Words | None = None) -> str:
    """The day the version was published, in words: « 1er décembre 2026 »."""
    return (w or words("fr")).date(version.dated.date(), weekday=False)


def latest_notes(versions: tuple[Version, ...], w: Words | None = None) -> dict[str, str]:
    """For each slot that changed since its first publication, the latest version that
    changed it, every change of it in that version (moved and retitled together), as a
    calendar event says it: « Modifié le 1er décembre 2026 (version 2) : Atelier … :
    déplacé de 9h30 à 10h00. » Its addition is not a change of the slot itself."""
    notes: dict[str, str] = {}
    for version in versions:
        by_slot: dict[str, list[str]] = {}
        for change in version.changes:
            if change.session is not None and change.kind is not ChangeKind.ADDED:
                by_slot.setdefault(change.session, []).append(sentence(change, w))
        for session, sentences in by_slot.items():
            notes[session] = (w or words("fr"))(
                F_("Modifié le {date} (version {number}) : {changes}.")
            ).format(
                date=version_date(version, w), number=version.number, changes=" ; ".join(sentences)
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


def _edition_sentence(change: ProgrammeChange, w: Words) -> str:
    if change.kind is ChangeKind.MOVED:
        return w(F_("L’édition change de dates : {before} devient {after}")).format(
            before=_days(change.before, w), after=_days(change.after, w)
        )
    if change.kind is ChangeKind.STATUS:
        return w(F_("L’édition est désormais « {status} »")).format(
            status=_status_label(change.after, w)
        )
    return w(_EDITION_SENTENCES[change.kind])


def _move(before: str | None, after: str | None, w: Words) -> str:
    """« déplacé de 9h30 à 10h00 », with the days when they differ; « horaire modifié »
    when only the end moves."""
    old_start, old_end = _interval(before)
    new_start, new_end = _interval(after)
    if old_start == new_start:
        return w(F_("horaire modifié, {before} devient {after}")).format(
            before=_range(old_start, old_end, w), after=_range(new_start, new_end, w)
        )
    if old_start.date() == new_start.date():
        return w(F_("déplacé de {before} à {after}")).format(
            before=w.time(old_start), after=w.time(new_start)
        )
    return w(F_("déplacé du {before} au {after}")).format(
        before=_moment(old_start, w), after=_moment(new_start, w)
    )


def _slot_time(value: str | None, w: Words) -> str:
    start, end = _interval(value)
    return f"{w.date(start.date())}, {_range(start, end, w)}"


def _range(start: datetime, end: datetime, w: Words) -> str:
    return f"{w.time(start)}–{w.time(end)}"


def _moment(moment: datetime, w: Words) -> str:
    return w(F_("{date} à {time}")).format(date=w.date(moment.date()), time=w.time(moment))


def _interval(value: str | None) -> tuple[datetime, datetime]:
    start, _, end = (value or "").partition("/")
    return datetime.fromisoformat(start), datetime.fromisoformat(end)


def _start(value: str | None) -> datetime:
    return _interval(value)[0]


def _days(value: str | None, w: Words) -> str:
    first, _, last = (value or "").partition("/")
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    if start == end:
        return w.date(start)
    return w(F_("du {start} au {end}")).format(start=w.date(start), end=w.date(end))


def _status_label(value: str | None, w: Words) -> str:
    return w(vocabulary.STATUS_LABELS[Status(value)]) if value else ""
