"""Constrained scalar types shared by the model: slugs, text, URLs, e-mails, phones, times.

Each type validates *and* documents itself (its JSON Schema pattern is what an editor
checks as the organiser types), so the rules live in one place.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints

from aictdata.i18n import N_, _

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
HTTP_URL_PATTERN = r"^https?://[^\s/]+.*$"
POSTAL_CODE_PATTERN = r"^\d{5}$"
EMAIL_PATTERN = r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$"
E164_PATTERN = r"^\+[1-9]\d{6,14}$"
HASHTAG_PATTERN = r"^[A-Za-z0-9_]+$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
DOMAIN_PATTERN = r"^[a-z0-9.-]+\.[a-z]{2,}$"
LANGUAGE_PATTERN = r"^[a-z]{2}$"
TRANSIT_LINE_PATTERN = r"^[A-Za-z0-9 ]{1,10}$"
REGISTRATION_MODE_PATTERN = r"^(online|onsite|email)$"
FILE_NAME_PATTERN = r"^[A-Za-z0-9._-]+$"

PATTERN_MEANINGS = {
    SLUG_PATTERN: N_(
        "is not a valid id: use lower-case letters, digits and single hyphens (e.g. atelier-2)"
    ),
    HTTP_URL_PATTERN: N_("is not a web address: write an absolute http:// or https:// URL"),
    POSTAL_CODE_PATTERN: N_('is not a French postal code: five digits, as text ("75116")'),
    EMAIL_PATTERN: N_("is not an e-mail address (e.g. contact@cites-unies-france.org)"),
    E164_PATTERN: N_(
        "is not a phone number: + and the country code, then the number"
        " (e.g. +33153418181 or 01 53 41 81 81)"
    ),
    HASHTAG_PATTERN: N_("is not a hashtag: letters, digits and _ only, without the #"),
    COUNTRY_PATTERN: N_("is not a country code: two capital letters (ISO 3166-1, e.g. FR)"),
    DOMAIN_PATTERN: N_("is not a domain name (e.g. raict.org)"),
    LANGUAGE_PATTERN: N_("is not a language code: two lower-case letters (e.g. fr)"),
    TRANSIT_LINE_PATTERN: N_(
        'is not a line number: at most 10 letters, digits or spaces (e.g. "73", "C")'
    ),
    REGISTRATION_MODE_PATTERN: N_("is not a registration mode: online, onsite or email"),
    FILE_NAME_PATTERN: N_("is not a file name: letters, digits, '.', '_' and '-' only"),
}
"""What each pattern means, in the organiser's terms: a validation error says this
rather than showing the regular expression (translated where the error is built)."""
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_CONTROL_OR_NEWLINE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _no_control_characters(value: str) -> str:
    if _CONTROL_OR_NEWLINE.search(value):
        raise ValueError(_("must be a single line without control characters (no tab, CR or LF)"))
    return value


def _no_control_characters_but_newlines(value: str) -> str:
    if _CONTROL.search(value):
        raise ValueError(_("must not contain control characters (tabs, CR) other than line breaks"))
    return value


Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=80),
    Field(
        description="Identifier: lower-case letters, digits and single hyphens. "
        "It becomes a UID, a file name and a primary key: never change it once published."
    ),
]
"""An identifier safe in a URL, a file name and a calendar UID."""

Line = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=1000),
    AfterValidator(_no_control_characters),
]
"""One line of French text (a title, a name): no line breaks, no control characters."""

Paragraphs = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=20000),
    AfterValidator(_no_control_characters_but_newlines),
]
"""Free text that may span several lines (a description)."""


def _check_http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise ValueError(_("must be an absolute http:// or https:// URL"))
    if _CONTROL_OR_NEWLINE.search(value):
        raise ValueError(_("must not contain control characters"))
    return value


HttpUrl = Annotated[
    str,
    StringConstraints(pattern=HTTP_URL_PATTERN, max_length=2000),
    AfterValidator(_check_http_url),
]
"""An absolute web address, kept exactly as written (no normalisation of the text)."""

Email = Annotated[
    str,
    StringConstraints(
        pattern=EMAIL_PATTERN,
        max_length=254,
    ),
]
"""An e-mail address (syntax only: nothing is looked up)."""


def _normalise_phone(value: object) -> object:
    """Accept the ways French numbers are written (+33 (0)1 53 41 81 81, 01 53 41 81 81)."""
    if not isinstance(value, str):
        return value
    compact = re.sub(r"[\s.\-]", "", value).replace("(0)", "")
    if re.fullmatch(r"0[1-9]\d{8}", compact):
        compact = "+33" + compact[1:]
    return compact


def _check_french_length(value: str) -> str:
    if value.startswith("+33") and len(value) != 12:
        raise ValueError(_("a French number has 9 digits after +33 (e.g. +33153418181)"))
    return value


Phone = Annotated[
    str,
    BeforeValidator(_normalise_phone),
    StringConstraints(pattern=E164_PATTERN),
    AfterValidator(_check_french_length),
    Field(description="Phone number, stored in E.164 form (+33153418181)."),
]
"""A phone number stored as E.164; `text.display_phone` writes it the French way."""

_TIME = re.compile(r"^(?P<h>[01]?\d|2[0-3])\s*[:hH]\s*(?P<m>[0-5]\d)$")
TIME_PATTERN = r"^([01]?\d|2[0-3])\s*[:hH]\s*[0-5]\d$"


def parse_local_time(value: object) -> object:
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise ValueError(_('must be a local time written as text, e.g. "09:30" or "9h30"'))
    match = _TIME.match(value.strip())
    if not match:
        raise ValueError(
            _('must be a local time such as "09:30" or "9h30", not {value}').format(
                value=repr(value)
            )
        )
    return time(int(match["h"]), int(match["m"]))


def _time_as_text(schema: dict[str, object]) -> None:
    """In the YAML a time is text such as "09:30", not an ISO time with seconds."""
    schema.pop("format", None)
    schema.update(type="string", pattern=TIME_PATTERN)


LocalTime = Annotated[
    time,
    BeforeValidator(parse_local_time),
    Field(
        json_schema_extra=_time_as_text,
        description='Local wall-clock time in the edition\'s time zone: "09:30" or "9h30".',
    ),
]
"""A wall-clock time as the organisers write it; the edition gives it a date and a zone."""

PostalCode = Annotated[
    str,
    StringConstraints(pattern=POSTAL_CODE_PATTERN),
    Field(description='French postal code, as text: "75116" (quote it in YAML).'),
]

Hashtag = Annotated[str, StringConstraints(pattern=HASHTAG_PATTERN, max_length=100)]
"""A hashtag without its leading #."""
