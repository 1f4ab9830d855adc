"""The model as normalised tables: the columns of each, their Table Schema, and their rows.

The open-data package (`aictdata.exporters.datapackage`) writes one CSV file per table, and
`aictdata schema` writes each table's Table Schema to schemas/: both come from the
definitions below, so the published files and their schemas cannot disagree.

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
from typing import Any

from pydantic import BaseModel

from aictdata import changelog, layout
from aictdata.calendar_state import CalendarState, ChangeKind
from aictdata.model import (
    Access,
    Address,
    Catalog,
    Contact,
    Edition,
    FormatKind,
    Organisation,
    ProgrammeStage,
    Registration,
    Role,
    Series,
    SessionKind,
    SocialNetwork,
    Source,
    Status,
    TransportMode,
)
from aictdata.multilingual import Text
from aictdata.text import rfc3339
from aictdata.types import SLUG_PATTERN
from aictdata.vocab import (
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

    def records(self, catalog: Catalog, state: CalendarState | None) -> Iterator[Row]:
        """The rows the build publishes: from the memory when the table needs it."""
        if self.history is not None and state is not None:
            return self.history(catalog, state)
        rows = self.rows(catalog)
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


# --- columns used by several tables ------------------------------------------------


def _slug(name: str, title: str, fr: str, en: str, *, required: bool = True) -> Column:
    return Column(name, "string", title, fr, en, required=required, pattern=SLUG)


EDITION_ID = Column(
    "edition_id",
    "string",
    "Édition",
    "Identifiant de l’édition : son année, « 2025 ».",
    'Id of the edition: its year, "2025".',
    required=True,
    pattern=SLUG,
)
POSITION = Column(
    "position",
    "integer",
    "Rang",
    "Rang dans le document source, à partir de 1.",
    "Order in the source document, from 1.",
    required=True,
    minimum=1,
)
SCOPE = Column(
    "scope",
    "string",
    "Déclaré dans",
    "« series » si c’est déclaré pour toutes les éditions (editions/series.yaml), sinon"
    " l’identifiant de l’édition qui le déclare.",
    '"series" when declared for every edition (editions/series.yaml), else the id of the'
    " edition that declares it.",
    required=True,
    pattern=SLUG,
)
ORGANISATION_SCOPE = Column(
    "organisation_scope",
    "string",
    "Portée de l’organisation",
    "Portée (`scope`) de l’organisation dans la table organisations.",
    "Scope of the organisation in the organisations table.",
    required=True,
    pattern=SLUG,
)
ORGANISATION_ID = _slug(
    "organisation_id",
    "Organisation",
    "Identifiant de l’organisation dans la table organisations.",
    "Id of the organisation in the organisations table.",
)
ORGANISATION_KEY = ForeignKey(
    ("organisation_scope", "organisation_id"), "organisations", ("scope", "id")
)


def _status_columns(what_fr: str, what_en: str) -> tuple[Column, ...]:
    return (
        Column(
            "status",
            "string",
            "Statut",
            f"Statut {what_fr} (code).",
            f"Status of the {what_en} (code).",
            required=True,
            enum=_codes(Status),
        ),
        Column(
            "status_label",
            "string",
            "Statut (libellé)",
            "Statut en toutes lettres : « Programmé », « Annulé »…",
            'The status in French words: "Programmé", "Annulé"...',
            required=True,
        ),
        Column(
            "status_schema_org",
            "string",
            "Statut schema.org",
            "Le statut en `eventStatus` de schema.org (« complet » y est EventScheduled).",
            'The status as schema.org eventStatus ("full" maps to EventScheduled).',
            required=True,
            format="uri",
            enum=tuple(sorted(set(SCHEMA_ORG_STATUS.values()))),
        ),
        Column(
            "status_openagenda",
            "integer",
            "Statut OpenAgenda",
            "Le statut en code OpenAgenda : 1 programmé, 2 reprogrammé, 3 en ligne,"
            " 4 reporté, 5 complet, 6 annulé.",
            "The status as OpenAgenda status code: 1 scheduled, 2 rescheduled,"
            " 3 moved online, 4 postponed, 5 full, 6 cancelled.",
            required=True,
            enum=tuple(sorted(set(OPENAGENDA_STATUS.values()))),
        ),
    )


def _status_values(status: Status) -> Row:
    return {
        "status": status.value,
        "status_label": STATUS_LABELS[status],
        "status_schema_org": SCHEMA_ORG_STATUS[status],
        "status_openagenda": OPENAGENDA_STATUS[status],
    }


def _address_columns(*, required: bool) -> tuple[Column, ...]:
    return (
        Column(
            "street",
            "string",
            "Adresse",
            "Numéro et voie : « 9bis, avenue d’Iéna ».",
            'Street address: "9bis, avenue d’Iéna".',
            required=required,
        ),
        Column(
            "postal_code",
            "string",
            "Code postal",
            "Code postal, en texte (jamais en nombre) : « 75116 ».",
            'Postal code, as text (never a number): "75116".',
            required=required,
            pattern=_model_pattern(Address, "postal_code"),
        ),
        Column(
            "locality",
            "string",
            "Commune",
            "Commune : « Paris ».",
            'Town or city: "Paris".',
            required=required,
        ),
        Column(
            "country",
            "string",
            "Pays",
            "Code pays ISO 3166-1 alpha-2 : « FR ».",
            'ISO 3166-1 alpha-2 country code: "FR".',
            required=required,
            pattern=_model_pattern(Address, "country"),
        ),
    )


def _address_values(address: Address | None) -> Row:
    if address is None:
        return {"street": None, "postal_code": None, "locality": None, "country": None}
    return {
        "street": address.street,
        "postal_code": address.postal_code,
        "locality": address.locality,
        "country": address.country,
    }


def _url(name: str, title: str, fr: str, en: str, *, required: bool = False) -> Column:
    return Column(name, "string", title, fr, en, required=required, format="uri")


EMAIL = Column(
    "email",
    "string",
    "Courriel",
    "Adresse électronique.",
    "E-mail address.",
    format="email",
    pattern=_model_pattern(Contact, "email"),
)
PHONE = Column(
    "phone",
    "string",
    "Téléphone",
    "Numéro de téléphone au format international E.164 : « +33153418181 ».",
    'Phone number in international E.164 form: "+33153418181".',
    pattern=_model_pattern(Contact, "phone"),
)


# --- rows ------------------------------------------------------------------------------


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


def _session_rows(catalog: Catalog) -> Iterator[Row]:
    """Slots in time order; their addresses are `layout.session_iri` and
    `layout.url(series, layout.session_calendar(...))`, composed from the edition's own
    addresses (urljoin once per slot was most of the cost of this table)."""
    series = catalog.series
    root = layout.url(series)
    for edition in catalog.editions:
        page = layout.url(series, layout.edition_page(edition))
        timed = sorted(((s.starts_at, s.ends_at, s) for s in edition.sessions), key=lambda t: t[:2])
        for starts_at, ends_at, session in timed:
            yield {
                "edition_id": edition.id,
                "id": session.id,
                "uid": layout.session_uid(series, edition, session),
                "date": session.date,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "title": session.title,
                "kind": session.kind.value,
                "kind_label": SESSION_KIND_LABELS[session.kind],
                **_status_values(session.status),
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


# --- the tables --------------------------------------------------------------------------


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
    organiser's texts: `multilingual.Text`): `title` has `title_en` beside it. One column
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


_TO_EDITION = ForeignKey(("edition_id",), "editions", ("id",))
_TO_EDITORIAL = ForeignKey(("edition_id",), "editorials", ("edition_id",))

_TABLES_IN_FRENCH: tuple[Table, ...] = (
    Table(
        "series",
        "Série",
        "La série des Rencontres : ce que toutes les éditions partagent (une ligne).",
        "The series of the Rencontres: what every edition shares (one row).",
        (
            _slug(
                "id",
                "Identifiant",
                "Identifiant de la série.",
                "Id of the series.",
            ),
            Column(
                "name", "string", "Nom", "Nom complet de la série.", "Full name.", required=True
            ),
            Column("short_name", "string", "Nom court", "Nom court.", "Short name.", required=True),
            Column("description", "string", "Description", "Description.", "Description."),
            Column(
                "uid_domain",
                "string",
                "Domaine des UID",
                "Domaine qui termine les UID des créneaux et des éditions (« raict.org »).",
                'Domain that ends the UIDs of slots and editions ("raict.org").',
                required=True,
                pattern=_model_pattern(Series, "uid_domain"),
            ),
            _url(
                "base_url",
                "Adresse du site",
                "Adresse où le site (flux, données, pages) est publié.",
                "Where the site (feeds, data, pages) is published.",
                required=True,
            ),
            Column(
                "language",
                "string",
                "Langue",
                "Langue des données (code ISO 639-1).",
                "Language of the data (ISO 639-1 code).",
                required=True,
                pattern=_model_pattern(Series, "language"),
            ),
        ),
        ("id",),
        _series_rows,
    ),
    Table(
        "editions",
        "Éditions",
        "Une ligne par édition des Rencontres : dates, thème, statut, inscription, source.",
        "One row per edition of the Rencontres: dates, theme, status, registration, source.",
        (
            Column(
                "id",
                "string",
                "Identifiant",
                "Identifiant de l’édition : son année, « 2025 ». Stable : il sert dans les"
                " chemins, les UID et les clés.",
                'Id of the edition: its year, "2025". Stable: used in paths, UIDs and keys.',
                required=True,
                unique=True,
                pattern=SLUG,
            ),
            _slug("series_id", "Série", "Identifiant de la série.", "Id of the series."),
            Column(
                "number",
                "integer",
                "Numéro",
                "Numéro d’ordre de l’édition : 16 pour la 16e.",
                "Ordinal of the edition: 16 for the 16th.",
                required=True,
                minimum=1,
            ),
            Column("title", "string", "Titre", "Titre de l’édition.", "Title.", required=True),
            Column(
                "theme",
                "string",
                "Thème",
                "Thème de l’édition (vide tant qu’elle n’est qu’annoncée).",
                "Theme (empty while the edition is only announced).",
            ),
            *_status_columns("de l’édition", "edition"),
            Column(
                "programme_stage",
                "string",
                "État du programme",
                "État du programme publié : pré-programme ou programme définitif (code).",
                "How final the published programme is: pre-programme or programme (code).",
                required=True,
                enum=_codes(ProgrammeStage),
            ),
            Column(
                "programme_stage_label",
                "string",
                "État du programme (libellé)",
                "État du programme en toutes lettres.",
                "The programme stage in French words.",
                required=True,
            ),
            Column(
                "start_date",
                "date",
                "Premier jour",
                "Premier jour de l’édition (AAAA-MM-JJ).",
                "First day of the edition (YYYY-MM-DD).",
                required=True,
            ),
            Column(
                "end_date",
                "date",
                "Dernier jour",
                "Dernier jour de l’édition (AAAA-MM-JJ).",
                "Last day of the edition (YYYY-MM-DD).",
                required=True,
            ),
            Column(
                "timezone",
                "string",
                "Fuseau horaire",
                "Fuseau horaire IANA des heures locales : « Europe/Paris ».",
                'IANA time zone of local times: "Europe/Paris".',
                required=True,
            ),
            Column(
                "updated",
                "datetime",
                "Mise à jour",
                "Date et heure de la dernière révision des données de l’édition, avec leur"
                " décalage horaire (RFC 3339).",
                "When the edition's data was last revised, with its UTC offset (RFC 3339).",
                required=True,
            ),
            Column(
                "registration_opens",
                "date",
                "Ouverture des inscriptions",
                "Jour d’ouverture des inscriptions.",
                "Day registration opens.",
            ),
            Column(
                "registration_mode",
                "string",
                "Mode d’inscription",
                "Mode d’inscription : online (en ligne), onsite (sur place), email.",
                "How to register: online, onsite, email.",
                pattern=_model_pattern(Registration, "mode"),
            ),
            _url(
                "registration_url",
                "Adresse d’inscription",
                "Page d’inscription, si le document la donne.",
                "Registration page, when the document gives it.",
            ),
            Column(
                "hashtag",
                "string",
                "Mot-dièse",
                "Mot-dièse de l’édition, sans le # : « RencontresAICT2025 ».",
                'Hashtag of the edition, without the #: "RencontresAICT2025".',
                pattern=_model_pattern(Edition, "hashtag"),
            ),
            Column(
                "source_title",
                "string",
                "Document source",
                "Titre du document dont les données sont transcrites (vide pour une édition"
                " seulement annoncée).",
                "Title of the document the data is transcribed from (empty for an edition"
                " only announced).",
            ),
            Column(
                "source_file",
                "string",
                "Fichier source",
                "Nom du fichier du document source.",
                "File name of the source document.",
                pattern=_model_pattern(Source, "file"),
            ),
            _url(
                "source_url",
                "Adresse du document source",
                "Adresse du document source en ligne.",
                "Where the source document is online.",
            ),
            _url(
                "url",
                "Page de l’édition",
                "Adresse de la page de l’édition.",
                "Address of the edition's page.",
                required=True,
            ),
            _url(
                "calendar_url",
                "Agenda de l’édition",
                "Adresse du flux iCalendar (.ics) de l’édition.",
                "Address of the edition's iCalendar (.ics) feed.",
                required=True,
            ),
            Column(
                "uid",
                "string",
                "UID",
                "Identifiant global et stable de l’édition : « 2025@raict.org ».",
                'Global, stable id of the edition: "2025@raict.org".',
                required=True,
                unique=True,
            ),
        ),
        ("id",),
        _edition_rows,
        (ForeignKey(("series_id",), "series", ("id",)),),
    ),
    Table(
        "sessions",
        "Créneaux du programme",
        "Une ligne par créneau du programme (accueil, plénière, ateliers, pause…), dans"
        " l’ordre chronologique de chaque édition ; les heures portent leur décalage horaire.",
        "One row per programme slot (welcome, plenary, workshops, break...), in time order"
        " within each edition; times carry their UTC offset.",
        (
            EDITION_ID,
            _slug(
                "id",
                "Identifiant",
                "Identifiant du créneau, unique dans son édition et stable.",
                "Id of the slot, unique within its edition and stable.",
            ),
            Column(
                "uid",
                "string",
                "UID",
                "Identifiant global et stable du créneau, celui des agendas :"
                " « 2025.ouverture-officielle@raict.org ».",
                "Global, stable id of the slot, the one calendars use:"
                ' "2025.ouverture-officielle@raict.org".',
                required=True,
                unique=True,
            ),
            Column(
                "date",
                "date",
                "Jour",
                "Jour du créneau, dans le fuseau de l’édition.",
                "Day of the slot, in the edition's time zone.",
                required=True,
            ),
            Column(
                "starts_at",
                "datetime",
                "Début",
                "Début, heure locale avec son décalage horaire (RFC 3339) :"
                " « 2025-07-04T09:00:00+02:00 ».",
                'Start, local time with its UTC offset (RFC 3339): "2025-07-04T09:00:00+02:00".',
                required=True,
            ),
            Column(
                "ends_at",
                "datetime",
                "Fin",
                "Fin, heure locale avec son décalage horaire (RFC 3339).",
                "End, local time with its UTC offset (RFC 3339).",
                required=True,
            ),
            Column("title", "string", "Titre", "Titre du créneau.", "Title.", required=True),
            Column(
                "kind",
                "string",
                "Type",
                "Type de créneau (code).",
                "Kind of slot (code).",
                required=True,
                enum=_codes(SessionKind),
            ),
            Column(
                "kind_label",
                "string",
                "Type (libellé)",
                "Type de créneau en toutes lettres : « Pause café ».",
                'Kind of slot in French words: "Pause café".',
                required=True,
            ),
            *_status_columns("du créneau", "slot"),
            Column(
                "place",
                "string",
                "Emplacement",
                "Où dans le lieu, quand le document le dit : « Espace des partenaires ».",
                'Where in the venue, when the document says: "Espace des partenaires".',
            ),
            Column("room", "string", "Salle", "Salle.", "Room."),
            Column("description", "string", "Description", "Description.", "Description."),
            Column(
                "language",
                "string",
                "Langue",
                "Langue du créneau (ISO 639-1), quand le document la dit ; plusieurs codes"
                " séparés par des virgules pour un créneau interprété : « fr,en ».",
                "Language of the slot (ISO 639-1), when the document says it; several codes"
                ' separated by commas for an interpreted slot: "fr,en".',
                pattern=r"^[a-z]{2}(,[a-z]{2})*$",
            ),
            _url(
                "url",
                "Page du créneau",
                "Adresse du créneau sur la page de l’édition.",
                "Address of the slot on the edition's page.",
                required=True,
            ),
            _url(
                "calendar_url",
                "Agenda du créneau",
                "Adresse du fichier iCalendar (.ics) du créneau, pour l’ajouter à son agenda.",
                "Address of the slot's iCalendar (.ics) file, to add it to one's calendar.",
                required=True,
            ),
        ),
        ("edition_id", "id"),
        _session_rows,
        (_TO_EDITION,),
    ),
    Table(
        "session-speakers",
        "Intervenants",
        "Les intervenants de chaque créneau, dans l’ordre du document.",
        "The speakers of each slot, in the document's order.",
        (
            EDITION_ID,
            _slug(
                "session_id",
                "Créneau",
                "Identifiant du créneau dans la table sessions.",
                "Id of the slot in the sessions table.",
            ),
            POSITION,
            Column(
                "name",
                "string",
                "Nom",
                "Nom de l’intervenant.",
                "Name of the speaker.",
                required=True,
            ),
        ),
        ("edition_id", "session_id", "position"),
        _speaker_rows,
        (ForeignKey(("edition_id", "session_id"), "sessions", ("edition_id", "id")),),
    ),
    Table(
        "venues",
        "Lieux",
        "Le lieu de chaque édition et son adresse.",
        "The venue of each edition and its address.",
        (
            EDITION_ID,
            _slug("id", "Identifiant", "Identifiant du lieu.", "Id of the venue."),
            Column("name", "string", "Nom", "Nom du lieu.", "Name of the venue.", required=True),
            *_address_columns(required=True),
            _url("url", "Site du lieu", "Site web du lieu.", "Website of the venue."),
            Column(
                "latitude",
                "number",
                "Latitude",
                "Latitude (WGS 84), seulement si une source la donne : jamais devinée.",
                "Latitude (WGS 84), only when a source gives it: never guessed.",
                minimum=-90,
                maximum=90,
            ),
            Column(
                "longitude",
                "number",
                "Longitude",
                "Longitude (WGS 84), seulement si une source la donne : jamais devinée.",
                "Longitude (WGS 84), only when a source gives it: never guessed.",
                minimum=-180,
                maximum=180,
            ),
        ),
        ("edition_id", "id"),
        _venue_rows,
        (_TO_EDITION,),
    ),
    Table(
        "access",
        "Accès",
        "Les moyens d’accès au lieu (métro, bus, RER, voiture, vélo, parking…), dans l’ordre"
        " du document.",
        "The ways to reach the venue (metro, bus, RER, car, bike, car park...), in the"
        " document's order.",
        (
            EDITION_ID,
            _slug(
                "venue_id",
                "Lieu",
                "Identifiant du lieu dans la table venues.",
                "Id of the venue in the venues table.",
            ),
            _slug(
                "id",
                "Identifiant",
                "Identifiant de l’accès, unique dans son édition.",
                "Id of the access, unique within its edition.",
            ),
            POSITION,
            Column(
                "mode",
                "string",
                "Mode",
                "Mode de transport (code).",
                "Transport mode (code).",
                required=True,
                enum=_codes(TransportMode),
            ),
            Column(
                "mode_label",
                "string",
                "Mode (libellé)",
                "Mode de transport en toutes lettres : « Métro ».",
                'Transport mode in French words: "Métro".',
                required=True,
            ),
            Column(
                "lines",
                "string",
                "Lignes",
                "Lignes, séparées par des virgules : « 73,82,244 ».",
                'Lines, separated by commas: "73,82,244".',
                pattern=LINES,
            ),
            Column(
                "name",
                "string",
                "Nom",
                "Nom d’un parking ou d’une gare : « Parking Kléber ».",
                'Name of a car park or station: "Parking Kléber".',
            ),
            *_address_columns(required=False),
            Column(
                "directions",
                "string",
                "Itinéraire",
                "Indications, dans les mots du document.",
                "Directions, in the document's words.",
            ),
        ),
        ("edition_id", "id"),
        _access_rows,
        (
            _TO_EDITION,
            ForeignKey(("edition_id", "venue_id"), "venues", ("edition_id", "id")),
        ),
    ),
    Table(
        "access-stops",
        "Arrêts",
        "Les stations et arrêts de chaque accès, avec la sortie et le temps de marche.",
        "The stations and stops of each access, with the exit and the walking time.",
        (
            EDITION_ID,
            _slug(
                "access_id",
                "Accès",
                "Identifiant de l’accès dans la table access.",
                "Id of the access in the access table.",
            ),
            POSITION,
            Column(
                "name",
                "string",
                "Station",
                "Station ou arrêt : « Porte Maillot - Palais des Congrès ».",
                'Station or stop: "Porte Maillot - Palais des Congrès".',
                required=True,
            ),
            Column(
                "exit",
                "string",
                "Sortie",
                "Sortie à prendre : « 3 Bd André Maurois ».",
                'Exit to take: "3 Bd André Maurois".',
            ),
            Column(
                "walk_minutes",
                "integer",
                "Marche (min)",
                "Temps de marche de l’arrêt au lieu, en minutes.",
                "Walking time from the stop to the venue, in minutes.",
                minimum=0,
                maximum=120,
            ),
        ),
        ("edition_id", "access_id", "position"),
        _stop_rows,
        (ForeignKey(("edition_id", "access_id"), "access", ("edition_id", "id")),),
    ),
    Table(
        "organisations",
        "Organisations",
        "Les organisations citées : organisateur, partenaires, financeurs. La clé est (scope, id).",
        "The organisations named: organiser, partners, funders. The key is (scope, id).",
        (
            SCOPE,
            _slug("id", "Identifiant", "Identifiant de l’organisation.", "Id of the organisation."),
            Column("name", "string", "Nom", "Nom de l’organisation.", "Name.", required=True),
            Column("short_name", "string", "Sigle", "Nom court ou sigle : « CUF ».", "Short name."),
            Column(
                "description",
                "string",
                "Description",
                "Ce qu’en dit le document, p. ex. sa mention de cofinancement.",
                "What the document says of it, e.g. its co-funding statement.",
            ),
            _url("url", "Site", "Site web.", "Website."),
            EMAIL,
            PHONE,
        ),
        ("scope", "id"),
        _organisation_rows,
    ),
    Table(
        "organisation-funders",
        "Financeurs",
        "Qui finance quelle organisation (« co-financé par l’Union européenne »).",
        'Who funds which organisation ("co-funded by the European Union").',
        (
            SCOPE,
            ORGANISATION_ID,
            POSITION,
            Column(
                "funder_scope",
                "string",
                "Portée du financeur",
                "Portée (`scope`) du financeur dans la table organisations.",
                "Scope of the funder in the organisations table.",
                required=True,
                pattern=SLUG,
            ),
            _slug(
                "funder_id",
                "Financeur",
                "Identifiant du financeur dans la table organisations.",
                "Id of the funder in the organisations table.",
            ),
        ),
        ("scope", "organisation_id", "position"),
        _funder_rows,
        (
            ForeignKey(("scope", "organisation_id"), "organisations", ("scope", "id")),
            ForeignKey(("funder_scope", "funder_id"), "organisations", ("scope", "id")),
        ),
    ),
    Table(
        "social-accounts",
        "Réseaux sociaux",
        "Les comptes des organisations sur les réseaux sociaux.",
        "The organisations' social media accounts.",
        (
            SCOPE,
            ORGANISATION_ID,
            POSITION,
            Column(
                "network",
                "string",
                "Réseau",
                "Réseau social (code).",
                "Social network (code).",
                required=True,
                enum=_codes(SocialNetwork),
            ),
            _url("url", "Adresse", "Adresse du compte.", "Address of the account.", required=True),
            Column(
                "handle",
                "string",
                "Nom du compte",
                "Nom du compte tel qu’affiché : « @CitesUniesFR ».",
                'Account name as displayed: "@CitesUniesFR".',
            ),
        ),
        ("scope", "organisation_id", "position"),
        _social_rows,
        (ForeignKey(("scope", "organisation_id"), "organisations", ("scope", "id")),),
    ),
    Table(
        "participations",
        "Rôles des organisations",
        "Le rôle de chaque organisation dans chaque édition (organisateur, partenaire,"
        " soutien, financeur) : ceux de la série, puis ceux de l’édition.",
        "The role of each organisation in each edition (organiser, partner, supporter,"
        " funder): the series' roles, then the edition's own.",
        (
            EDITION_ID,
            POSITION,
            SCOPE,
            ORGANISATION_SCOPE,
            ORGANISATION_ID,
            Column(
                "role",
                "string",
                "Rôle",
                "Rôle (code).",
                "Role (code).",
                required=True,
                enum=_codes(Role),
            ),
            Column(
                "role_label",
                "string",
                "Rôle (libellé)",
                "Rôle en toutes lettres : « Organisateur ».",
                'Role in French words: "Organisateur".',
                required=True,
            ),
            Column(
                "label",
                "string",
                "Mention",
                "Mention du document : « Avec le concours de ».",
                'How the document words it: "Avec le concours de".',
            ),
        ),
        ("edition_id", "position"),
        _participation_rows,
        (_TO_EDITION, ORGANISATION_KEY),
    ),
    Table(
        "contacts",
        "Contacts",
        "Qui contacter pour chaque édition, et pour quoi.",
        "Who to contact for each edition, and what for.",
        (
            EDITION_ID,
            POSITION,
            SCOPE,
            ORGANISATION_SCOPE,
            ORGANISATION_ID,
            Column(
                "purpose", "string", "Objet", "Pour quoi les contacter.", "What to contact about."
            ),
            PHONE,
            EMAIL,
        ),
        ("edition_id", "position"),
        _contact_rows,
        (_TO_EDITION, ORGANISATION_KEY),
    ),
    Table(
        "formats",
        "Formats proposés",
        "Les formats que propose chaque édition (conférence plénière, ateliers…).",
        "The formats each edition offers (plenary conference, workshops...).",
        (
            EDITION_ID,
            POSITION,
            Column(
                "kind",
                "string",
                "Type",
                "Type de format (code).",
                "Kind of format (code).",
                required=True,
                enum=_codes(FormatKind),
            ),
            Column(
                "kind_label",
                "string",
                "Type (libellé)",
                "Type de format en toutes lettres.",
                "Kind of format in French words.",
                required=True,
            ),
            Column(
                "label",
                "string",
                "Intitulé",
                "Intitulé dans le document : « Ateliers thématiques ».",
                'Wording of the document: "Ateliers thématiques".',
                required=True,
            ),
            Column("description", "string", "Précision", "Précision.", "Details."),
        ),
        ("edition_id", "position"),
        _format_rows,
        (_TO_EDITION,),
    ),
    Table(
        "highlights",
        "Temps forts",
        "Les temps forts annoncés de chaque édition.",
        "The announced highlights of each edition.",
        (
            EDITION_ID,
            POSITION,
            Column("text", "string", "Texte", "Le temps fort.", "The highlight.", required=True),
        ),
        ("edition_id", "position"),
        _highlight_rows,
        (_TO_EDITION,),
    ),
    Table(
        "editorials",
        "Éditoriaux",
        "L’éditorial de chaque édition : auteur et titre ; ses qualités et ses paragraphes"
        " sont dans editorial-author-titles et editorial-paragraphs.",
        "The foreword of each edition: author and heading; the author's titles and its"
        " paragraphs are in editorial-author-titles and editorial-paragraphs.",
        (
            Column(
                "edition_id",
                "string",
                "Édition",
                EDITION_ID.fr,
                EDITION_ID.en,
                required=True,
                unique=True,
                pattern=SLUG,
            ),
            Column(
                "label",
                "string",
                "Rubrique",
                "Rubrique dans le document : « éditorial pré-programme ».",
                'Heading of the section in the document: "éditorial pré-programme".',
            ),
            Column("author", "string", "Auteur", "Auteur.", "Author.", required=True),
            Column("heading", "string", "Titre", "Titre de l’éditorial.", "Heading."),
        ),
        ("edition_id",),
        _editorial_rows,
        (_TO_EDITION,),
    ),
    Table(
        "editorial-author-titles",
        "Qualités de l’auteur",
        "Les qualités de l’auteur de l’éditorial : « Maire de Montpellier ».",
        'The titles of the foreword\'s author: "Maire de Montpellier".',
        (
            EDITION_ID,
            POSITION,
            Column("title", "string", "Qualité", "Qualité.", "Title.", required=True),
        ),
        ("edition_id", "position"),
        _author_title_rows,
        (_TO_EDITORIAL,),
    ),
    Table(
        "editorial-paragraphs",
        "Paragraphes de l’éditorial",
        "Le texte de l’éditorial, un paragraphe par ligne.",
        "The text of the foreword, one paragraph per row.",
        (
            EDITION_ID,
            POSITION,
            Column("text", "string", "Texte", "Le paragraphe.", "The paragraph.", required=True),
        ),
        ("edition_id", "position"),
        _paragraph_rows,
        (_TO_EDITORIAL,),
    ),
    Table(
        "changes",
        "Modifications du programme",
        "Chaque modification de chaque version du programme d’une édition, depuis sa"
        " publication : un créneau ajouté, déplacé, renommé, changé de lieu, annulé, rétabli"
        " ou retiré, ou l’édition elle-même déplacée, reportée ou annulée, avec la valeur"
        " d’avant et celle d’après.",
        "Each change of each version of an edition's programme since it was published: a"
        " slot added, moved, retitled, relocated, cancelled, restored or removed, or the"
        " edition itself moved, postponed or cancelled, with the value before and after.",
        (
            EDITION_ID,
            Column(
                "version",
                "integer",
                "Version",
                "Numéro de la version du programme, à partir de 1.",
                "Number of the programme version, from 1.",
                required=True,
                minimum=1,
            ),
            Column(
                "date",
                "datetime",
                "Date",
                "Date de la version : la mise à jour de l’édition qui l’a publiée (RFC 3339).",
                "Date of the version: the edition's update that published it (RFC 3339).",
                required=True,
            ),
            Column(
                "position",
                "integer",
                "Rang",
                "Rang de la modification dans sa version, à partir de 1.",
                "Order of the change within its version, from 1.",
                required=True,
                minimum=1,
            ),
            _slug(
                "session_id",
                "Créneau",
                "Identifiant du créneau ; vide quand la modification porte sur l’édition"
                " elle-même. Un créneau retiré n’est plus dans sessions.csv.",
                "Id of the slot; empty when the change concerns the edition itself. A removed"
                " slot is no longer in sessions.csv.",
                required=False,
            ),
            Column(
                "title",
                "string",
                "Titre",
                "Titre du créneau après la modification (avant, pour un créneau retiré).",
                "Title of the slot after the change (before it, for a removed slot).",
            ),
            Column(
                "change",
                "string",
                "Modification",
                "Nature de la modification : added, moved, retitled, relocated, cancelled,"
                " postponed, status (autre statut), restored, removed.",
                "What changed: added, moved, retitled, relocated, cancelled, postponed,"
                " status (another status), restored, removed.",
                required=True,
                enum=_codes(ChangeKind),
            ),
            Column(
                "before",
                "string",
                "Avant",
                "La valeur d’avant : horaire en intervalle RFC 3339 « début/fin », dates de"
                " l’édition « 2025-07-04/2025-07-04 », titre, lieu ou statut ; vide pour un"
                " ajout.",
                'The value before: a time as an RFC 3339 interval "start/end", the edition\'s'
                ' days "2025-07-04/2025-07-04", a title, a place or a status; empty when added.',
            ),
            Column(
                "after",
                "string",
                "Après",
                "La valeur d’après, sous la même forme ; « removed » pour un créneau retiré.",
                'The value after, in the same form; "removed" for a removed slot.',
            ),
            Column(
                "description",
                "string",
                "Description",
                "La modification en français, telle que la page et le flux Atom l’écrivent.",
                "The change in French, as the page and the Atom feed word it.",
                required=True,
            ),
        ),
        ("edition_id", "version", "position"),
        _no_change_yet,
        (_TO_EDITION,),
        _change_rows,
    ),
    Table(
        "websites",
        "Sites web",
        "Les sites web de la série cités par les documents.",
        "The series' websites named in the documents.",
        (
            _slug("series_id", "Série", "Identifiant de la série.", "Id of the series."),
            POSITION,
            Column(
                "label",
                "string",
                "Libellé",
                "Comment le document nomme le site.",
                "How the document names the site.",
                required=True,
            ),
            _url("url", "Adresse", "Adresse du site.", "Address of the site.", required=True),
        ),
        ("series_id", "position"),
        _website_rows,
        (ForeignKey(("series_id",), "series", ("id",)),),
    ),
)


TRANSLATED: dict[str, tuple[str, ...]] = {
    "series": ("name", "description"),
    "websites": ("label",),
    "editions": ("title", "theme"),
    "sessions": ("title", "place", "description"),
    "access": ("directions",),
    "organisations": ("description",),
    "participations": ("label",),
    "contacts": ("purpose",),
    "formats": ("label", "description"),
    "highlights": ("text",),
    "editorials": ("label", "heading"),
    "editorial-author-titles": ("title",),
    "editorial-paragraphs": ("text",),
}
"""The columns that hold the organiser's texts (`multilingual.TextLine`,
`TextParagraphs`), by table: each gets its `_en` column (`in_english`)."""

TABLES: tuple[Table, ...] = tuple(
    in_english(table, *TRANSLATED[table.name]) if table.name in TRANSLATED else table
    for table in _TABLES_IN_FRENCH
)


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
