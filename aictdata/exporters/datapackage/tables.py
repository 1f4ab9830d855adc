"""The model as normalised tables: the columns of each, their Table Schema, and their rows.

The open-data package (`aictdata.exporters.datapackage.package`) writes one CSV file per table, and
`aictdata schema` writes each table's Table Schema to schemas/: both come from the data
dictionary (tables.yaml: the tables, their columns, keys, constraints and prose in French
and English) and the row functions below, so the published files and their schemas cannot
disagree.

Choices that a developer downloading the data relies on:

- Keys are the model's own ids, never row numbers: (edition_id, id) for a slot, a venue or
  an access; lists without ids (stops, formats, highlights...) are keyed by their
  `position` in the source document, from 1.
- An organisation declared in editions/series.yaml has the scope « series »; one declared
  in an edition file has that edition's id as scope. The model allows two editions to
  declare the same id differently, so (scope, id) is the key, and references to an
  organisation carry both.
- Roles and contacts are given per edition, as they apply (the series' roles plus the
  edition's own; the edition's contacts, or the series' when it gives none), with a
  `scope` column saying where each was declared. (Series contacts that every edition
  replaces apply to nothing, so no row shows them; editions.json still has them.)
- Vocabularies are codes (`status`: « cancelled ») with their French label, and the
  status also as schema.org `eventStatus` and OpenAgenda status code, so nobody guesses.
- Patterns come from the model's own JSON Schema, without the ^...$ anchors (a Table
  Schema pattern must match the whole value already) and with plain groups, as XML
  Schema regular expressions require.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from aictdata.memory import changes as changelog
from aictdata.memory.state import CalendarState, ChangeKind
from aictdata.model.catalog import Catalog
from aictdata.model.edition import Edition, Registration, Source
from aictdata.model.organisations import Address, Contact, Organisation
from aictdata.model.scalars import LANGUAGE_PATTERN, SLUG_PATTERN
from aictdata.model.series import Series
from aictdata.model.texts import Text
from aictdata.model.venue import Access
from aictdata.model.vocabularies import (
    FormatKind,
    ProgrammeStage,
    Role,
    SessionKind,
    SocialNetwork,
    Status,
    TransportMode,
)
from aictdata.output import layout
from aictdata.words.formatting import rfc3339
from aictdata.words.vocabulary import (
    FORMAT_LABELS,
    OPENAGENDA_STATUS,
    PROGRAMME_STAGE_LABELS,
    ROLE_LABELS,
    SCHEMA_ORG_STATUS,
    SESSION_KIND_LABELS,
    STATUS_LABELS,
    TRANSPORT_LABELS,
)

TABLES_MAJOR_VERSION = 1
"""Major version of the tables' structure: raise it when a column or table is renamed,
removed or changes type (the package's version starts with it)."""

SERIES_SCOPE = "series"
"""The `scope` of what editions/series.yaml declares for every edition."""

Row = dict[str, Any]


def _table_pattern(pattern: str) -> str:
    """A Python pattern of the model as a Table Schema (XML Schema) pattern."""
    return pattern.removeprefix("^").removesuffix("$").replace("(?:", "(")


@cache
def _serialisation_schema(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_json_schema(mode="serialization")


def _model_pattern(model: type[BaseModel], name: str) -> str:
    """The pattern the model puts on one of its fields, read from its JSON Schema.

    The serialisation schema describes values as they are stored (phones in E.164),
    which is what the tables hold.
    """
    schema = _serialisation_schema(model)["properties"][name]
    for candidate in (schema, *schema.get("anyOf", ()), schema.get("items", {})):
        if "pattern" in candidate:
            return _table_pattern(candidate["pattern"])
    raise KeyError(f"{model.__name__}.{name} has no pattern")


DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
"""The `format` of every date-time field: how `cell` writes them (RFC 3339, with the
offset of their date), as a strptime pattern. Table Schema v1 reads a date-time without
a format as UTC with a `Z` (« default: YYYY-MM-DDThh:mm:ssZ in UTC time ») and allows
« <PATTERN>: values in this field can be parsed according to <PATTERN> », a Python /
C strptime pattern; whose %z reads « +02:00 ». So v1 readers (tableschema, datapackage,
goodtables) accept the offsets and keep them, and so does frictionless 5, which also
reads the pattern with strptime, and which then refuses a date-time without offset."""

SLUG = _table_pattern(SLUG_PATTERN)
LINE = _model_pattern(Access, "lines")
LINES = f"{LINE}(,{LINE})*"
LANGUAGE = _table_pattern(LANGUAGE_PATTERN)
LANGUAGES = f"{LANGUAGE}(,{LANGUAGE})*"
"""Several ISO 639-1 codes, as a cell holds them (« fr,en »)."""


@dataclass(frozen=True)
class Column:
    """One column: its Table Schema field, described in French and in English."""

    name: str
    type: str
    title: str
    fr: str
    en: str
    required: bool = False
    unique: bool = False
    enum: tuple[str | int, ...] | None = None
    pattern: str | None = None
    format: str | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None

    @property
    def schema_format(self) -> str | None:
        """The field's Table Schema `format`: its own, or `DATETIME_FORMAT` for a date-time."""
        if self.format is None and self.type == "datetime":
            return DATETIME_FORMAT
        return self.format

    def descriptor(self) -> dict[str, Any]:
        field: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.schema_format:
            field["format"] = self.schema_format
        field.update(title=self.title, description=self.fr, description_en=self.en)
        constraints: dict[str, Any] = {}
        for key, value in (
            ("required", self.required or None),
            ("unique", self.unique or None),
            ("enum", list(self.enum) if self.enum else None),
            ("pattern", self.pattern),
            ("minimum", self.minimum),
            ("maximum", self.maximum),
        ):
            if value is not None:
                constraints[key] = value
        if constraints:
            field["constraints"] = constraints
        return field


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str
    reference: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A resource of the package: its columns, keys and how to read its rows from the model."""

    name: str
    title: str
    fr: str
    en: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    rows: Callable[[Catalog], Iterator[Row]]
    """The rows, from the model."""
    foreign_keys: tuple[ForeignKey, ...] = field(default=())
    history: Callable[[Catalog, CalendarState], Iterator[Row]] | None = None
    """For a table of what was published (the programme's changes): its rows from the
    calendar memory; `rows` then gives those of a catalog built for the first time."""
    translated: tuple[str, ...] = ()
    """Its columns of the organiser's text: each has its English in `<name>_en`, a column
    after the others (`in_english`), empty when the data gives no English."""

    def records(self, catalog: Catalog, state: CalendarState) -> Iterator[Row]:
        """The rows the build publishes: from the memory when the table needs it."""
        rows = self.history(catalog, state) if self.history is not None else self.rows(catalog)
        return _with_english(rows, self.translated) if self.translated else rows

    @property
    def path(self) -> str:
        """File name inside data/ (and inside data/excel/)."""
        return f"{self.name}.csv"

    def schema(self) -> dict[str, Any]:
        """The Table Schema: what schemas/<name>.tableschema.json holds."""
        schema: dict[str, Any] = {
            "fields": [column.descriptor() for column in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
        }
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": list(key.fields),
                    "reference": {"resource": key.resource, "fields": list(key.reference)},
                }
                for key in self.foreign_keys
            ]
        return schema


def _codes(enum: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in enum)


# --- rows ------------------------------------------------------------------------------


def _status_values(status: Status) -> Row:
    return {
        "status": status.value,
        "status_label": STATUS_LABELS[status],
        "status_schema_org": SCHEMA_ORG_STATUS[status],
        "status_openagenda": OPENAGENDA_STATUS[status],
    }


def _address_values(address: Address | None) -> Row:
    if address is None:
        return {"street": None, "postal_code": None, "locality": None, "country": None}
    return {
        "street": address.street,
        "postal_code": address.postal_code,
        "locality": address.locality,
        "country": address.country,
    }


def _series_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    yield {
        "id": series.id,
        "name": series.name,
        "short_name": series.short_name,
        "description": series.description,
        "uid_domain": series.uid_domain,
        "base_url": series.base_url,
        "language": series.language,
    }


def _website_rows(catalog: Catalog) -> Iterator[Row]:
    for position, website in enumerate(catalog.series.websites, start=1):
        yield {
            "series_id": catalog.series.id,
            "position": position,
            "label": website.label,
            "url": website.url,
        }


def _edition_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        registration = edition.registration
        yield {
            "id": edition.id,
            "series_id": series.id,
            "number": edition.number,
            "title": edition.title,
            "theme": edition.theme,
            **_status_values(edition.status),
            "programme_stage": edition.programme_stage.value,
            "programme_stage_label": PROGRAMME_STAGE_LABELS[edition.programme_stage],
            "start_date": edition.start_date,
            "end_date": edition.end_date,
            "timezone": edition.timezone,
            "updated": edition.updated,
            "registration_opens": registration.opens if registration else None,
            "registration_mode": registration.mode if registration else None,
            "registration_url": registration.url if registration else None,
            "hashtag": edition.hashtag,
            "source_title": edition.source.title if edition.source else None,
            "source_file": edition.source.file if edition.source else None,
            "source_url": edition.source.url if edition.source else None,
            "url": layout.url(series, layout.edition_page(edition)),
            "calendar_url": layout.url(series, layout.edition_calendar(edition)),
            "uid": layout.edition_uid(series, edition),
        }


def _session_rows(catalog: Catalog, state: CalendarState | None = None) -> Iterator[Row]:
    """Slots in time order; their addresses are `layout.session_iri` and
    `layout.url(series, layout.session_calendar(...))`, composed from the edition's own
    addresses (urljoin once per slot was most of the cost of this table). With the
    calendar memory, a moved slot is rescheduled, as every format says it
    (`CalendarState.status_of`)."""
    series = catalog.series
    root = layout.url(series)
    for edition in catalog.editions:
        page = layout.url(series, layout.edition_page(edition))
        timed = sorted(((s.starts_at, s.ends_at, s) for s in edition.sessions), key=lambda t: t[:2])
        for starts_at, ends_at, session in timed:
            uid = layout.session_uid(series, edition, session)
            status = session.status  # as written: the package reads back into the model
            if state is not None and state.status_of(uid) is Status.RESCHEDULED:
                status = Status.RESCHEDULED
            yield {
                "edition_id": edition.id,
                "id": session.id,
                "uid": uid,
                "date": session.date,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "title": session.title,
                "kind": session.kind.value,
                "kind_label": SESSION_KIND_LABELS[session.kind],
                **_status_values(status),
                "place": session.place,
                "room": session.room,
                "description": session.description,
                "language": ",".join(session.language) or None,
                "url": f"{page}#{layout.session_anchor(session)}",
                "calendar_url": root + layout.session_calendar(edition, session),
            }


def _speaker_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for session in edition.sessions:
            for position, name in enumerate(session.speakers, start=1):
                yield {
                    "edition_id": edition.id,
                    "session_id": session.id,
                    "position": position,
                    "name": name,
                }


def _venue_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        venue = edition.venue
        if venue is None:  # announced, the venue not known yet
            continue
        yield {
            "edition_id": edition.id,
            "id": venue.id,
            "name": venue.name,
            **_address_values(venue.address),
            "url": venue.url,
            "latitude": venue.latitude,
            "longitude": venue.longitude,
        }


def _access_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.venue is None:
            continue
        for position, access in enumerate(edition.venue.access, start=1):
            yield {
                "edition_id": edition.id,
                "venue_id": edition.venue.id,
                "id": access.id,
                "position": position,
                "mode": access.mode.value,
                "mode_label": TRANSPORT_LABELS[access.mode],
                "lines": access.lines,
                "name": access.name,
                **_address_values(access.address),
                "directions": access.directions,
            }


def _stop_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for access in edition.venue.access if edition.venue else ():
            for position, stop in enumerate(access.stops, start=1):
                yield {
                    "edition_id": edition.id,
                    "access_id": access.id,
                    "position": position,
                    "name": stop.name,
                    "exit": stop.exit,
                    "walk_minutes": stop.walk_minutes,
                }


def _declared_organisations(catalog: Catalog) -> Iterator[tuple[str, Edition | None, Organisation]]:
    """(scope, edition or None, organisation) for every organisation, as declared."""
    for organisation in catalog.series.organisations:
        yield SERIES_SCOPE, None, organisation
    for edition in catalog.editions:
        for organisation in edition.organisations:
            yield edition.id, edition, organisation


def _scope_of(series: Series, edition: Edition | None, organisation_id: str) -> str:
    """Where a reference made in `edition` (None: in the series) finds its organisation.

    The model looks in the series first, then in the edition (`Catalog.organisation`).
    """
    if edition is None or any(o.id == organisation_id for o in series.organisations):
        return SERIES_SCOPE
    return edition.id


def _organisation_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, _, organisation in _declared_organisations(catalog):
        yield {
            "scope": scope,
            "id": organisation.id,
            "name": organisation.name,
            "short_name": organisation.short_name,
            "description": organisation.description,
            "url": organisation.url,
            "email": organisation.email,
            "phone": organisation.phone,
        }


def _funder_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, edition, organisation in _declared_organisations(catalog):
        for position, funder in enumerate(organisation.funders, start=1):
            yield {
                "scope": scope,
                "organisation_id": organisation.id,
                "position": position,
                "funder_scope": _scope_of(catalog.series, edition, funder),
                "funder_id": funder,
            }


def _social_rows(catalog: Catalog) -> Iterator[Row]:
    for scope, _, organisation in _declared_organisations(catalog):
        for position, account in enumerate(organisation.social, start=1):
            yield {
                "scope": scope,
                "organisation_id": organisation.id,
                "position": position,
                "network": account.network.value,
                "url": account.url,
                "handle": account.handle,
            }


def _participation_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        declared = [(SERIES_SCOPE, p) for p in series.participations]
        declared += [(edition.id, p) for p in edition.participations]
        for position, (scope, participation) in enumerate(declared, start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "scope": scope,
                "organisation_scope": _scope_of(series, edition, participation.organisation),
                "organisation_id": participation.organisation,
                "role": participation.role.value,
                "role_label": ROLE_LABELS[participation.role],
                "label": participation.label,
            }


def _contact_rows(catalog: Catalog) -> Iterator[Row]:
    series = catalog.series
    for edition in catalog.editions:
        scope = SERIES_SCOPE if edition.contacts is None else edition.id
        for position, contact in enumerate(catalog.contacts(edition), start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "scope": scope,
                "organisation_scope": _scope_of(series, edition, contact.organisation),
                "organisation_id": contact.organisation,
                "purpose": contact.purpose,
                "phone": contact.phone,
                "email": contact.email,
            }


def _format_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for position, offer in enumerate(edition.formats, start=1):
            yield {
                "edition_id": edition.id,
                "position": position,
                "kind": offer.kind.value,
                "kind_label": FORMAT_LABELS[offer.kind],
                "label": offer.label,
                "description": offer.description,
            }


def _highlight_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        for position, text in enumerate(edition.highlights, start=1):
            yield {"edition_id": edition.id, "position": position, "text": text}


def _editorial_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            yield {
                "edition_id": edition.id,
                "label": edition.editorial.label,
                "author": edition.editorial.author,
                "heading": edition.editorial.heading,
            }


def _author_title_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            for position, title in enumerate(edition.editorial.author_titles, start=1):
                yield {"edition_id": edition.id, "position": position, "title": title}


def _paragraph_rows(catalog: Catalog) -> Iterator[Row]:
    for edition in catalog.editions:
        if edition.editorial:
            for position, text in enumerate(edition.editorial.paragraphs, start=1):
                yield {"edition_id": edition.id, "position": position, "text": text}


def _no_change_yet(catalog: Catalog) -> Iterator[Row]:
    """A catalog published for the first time has no programme version."""
    return iter(())


def _change_rows(catalog: Catalog, state: CalendarState) -> Iterator[Row]:
    """Every change of every version of the catalog's editions, oldest version first."""
    for edition in catalog.editions:
        for version in state.versions_of(edition.id):
            for position, change in enumerate(version.changes, start=1):
                yield {
                    "edition_id": edition.id,
                    "version": version.number,
                    "date": version.dated,
                    "position": position,
                    "session_id": change.session,
                    "title": change.title,
                    "change": change.kind.value,
                    "before": change.before,
                    "after": change.after,
                    "description": changelog.sentence(change),
                }


def in_english(table: Table, *names: str) -> Table:
    """`table` with, after its columns, the English of its columns `names` (the
    organiser's texts: `texts.Text`): `title` has `title_en` beside it. One column
    per language rather than a table of translations, so that a spreadsheet or a data
    frame shows a row's two languages side by side; at the end, so that the columns
    published before keep their places."""
    columns = {column.name: column for column in table.columns}
    english = tuple(
        Column(
            f"{name}_en",
            "string",
            f"{columns[name].title} (anglais)",
            f"La colonne {name} en anglais, quand les données la donnent (vide sinon).",
            f"Column {name} in English, when the data gives it (empty otherwise).",
        )
        for name in names
    )
    return replace(table, columns=(*table.columns, *english), translated=names)


def _with_english(rows: Iterator[Row], names: tuple[str, ...]) -> Iterator[Row]:
    for row in rows:
        for name in names:
            value = row[name]
            row[f"{name}_en"] = value.en if isinstance(value, Text) else None
        yield row


ROWS: dict[str, Callable[[Catalog], Iterator[Row]]] = {
    "series": _series_rows,
    "editions": _edition_rows,
    "sessions": _session_rows,
    "session-speakers": _speaker_rows,
    "venues": _venue_rows,
    "access": _access_rows,
    "access-stops": _stop_rows,
    "organisations": _organisation_rows,
    "organisation-funders": _funder_rows,
    "social-accounts": _social_rows,
    "participations": _participation_rows,
    "contacts": _contact_rows,
    "formats": _format_rows,
    "highlights": _highlight_rows,
    "editorials": _editorial_rows,
    "editorial-author-titles": _author_title_rows,
    "editorial-paragraphs": _paragraph_rows,
    "changes": _no_change_yet,
    "websites": _website_rows,
}
"""Each table's rows, from the model, by the table's name in the dictionary."""

HISTORY: dict[str, Callable[[Catalog, CalendarState], Iterator[Row]]] = {
    "sessions": _session_rows,
    "changes": _change_rows,
}
"""The tables of what was published, whose rows come from the calendar memory."""

DICTIONARY = Path(__file__).with_name("dictionary.yaml")
"""The data dictionary: tables, columns, their prose in French and English, types, keys
and constraints (a data file, so that translators and reviewers read whole sentences)."""

_PATTERN_MODELS: dict[str, type[BaseModel]] = {
    model.__name__: model
    for model in (
        Access,
        Address,
        Contact,
        Edition,
        Registration,
        Series,
        Source,
    )
}
_ENUMS: dict[str, type[StrEnum]] = {
    enum.__name__: enum
    for enum in (
        ChangeKind,
        FormatKind,
        ProgrammeStage,
        Role,
        SessionKind,
        SocialNetwork,
        Status,
        TransportMode,
    )
}
_VALUES: dict[str, dict[Any, Any]] = {
    "SCHEMA_ORG_STATUS": SCHEMA_ORG_STATUS,
    "OPENAGENDA_STATUS": OPENAGENDA_STATUS,
}


def _pattern(name: str) -> str:
    """`slug`, `line`, `lines`, `languages` or `Model.field`: the model's own pattern,
    never restated."""
    named = {"slug": SLUG, "line": LINE, "lines": LINES, "languages": LANGUAGES}
    if name in named:
        return named[name]
    model, field_name = name.split(".")
    return _model_pattern(_PATTERN_MODELS[model], field_name)


def _enum(reference: dict[str, str]) -> tuple[str | int, ...]:
    """`{codes: Status}`: the vocabulary's codes; `{values: OPENAGENDA_STATUS}`: the codes
    of an outside vocabulary that the model's vocabulary maps to."""
    if "codes" in reference:
        return _codes(_ENUMS[reference["codes"]])
    return tuple(sorted(set(_VALUES[reference["values"]].values())))


def _column(entry: dict[str, Any]) -> Column:
    fields = dict(entry)
    if "pattern" in fields:
        fields["pattern"] = _pattern(fields["pattern"])
    if "enum" in fields:
        fields["enum"] = _enum(fields["enum"])
    return Column(**fields)


def _table(entry: dict[str, Any]) -> Table:
    name = entry["name"]
    table = Table(
        name,
        entry["title"],
        entry["fr"],
        entry["en"],
        tuple(_column(column) for column in entry["columns"]),
        tuple(entry["primary_key"]),
        ROWS[name],
        foreign_keys=tuple(
            ForeignKey(tuple(key["fields"]), key["resource"], tuple(key["reference"]))
            for key in entry.get("foreign_keys", ())
        ),
        history=HISTORY.get(name),
    )
    translated = tuple(entry.get("translated", ()))
    return in_english(table, *translated) if translated else table


def _read_dictionary() -> tuple[Table, ...]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    entries = yaml.load(DICTIONARY.read_text("utf-8"), Loader=loader)["tables"]
    names = [entry["name"] for entry in entries]
    if sorted(names) != sorted(ROWS):
        raise RuntimeError(f"{DICTIONARY.name} and ROWS name different tables: {names}")
    return tuple(_table(entry) for entry in entries)


TABLES: tuple[Table, ...] = _read_dictionary()


def table(name: str) -> Table:
    for candidate in TABLES:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def table_schema_documents() -> dict[str, dict[str, Any]]:
    """File name in schemas/ -> Table Schema, for every table."""
    return {f"{t.name}.tableschema.json": t.schema() for t in TABLES}


def cell(value: object) -> str:
    """A value as CSV text: datetimes in RFC 3339 with their own offset, lists comma-joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, datetime):
        return rfc3339(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return ",".join(value)
    if isinstance(value, bool):
        raise TypeError("no boolean column is defined")
    return str(value)
