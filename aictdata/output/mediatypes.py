"""Content types of the files a build produces: used by the manifest, `serve` and `check`."""

from __future__ import annotations

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
"""The workbook's type (IANA's registration for Office Open XML spreadsheets)."""

MEDIA_TYPES: dict[str, str] = {
    ".ics": "text/calendar; charset=utf-8",
    ".atom": "application/atom+xml; charset=utf-8",  # without, Chromium reads it as Latin-1
    ".jsonld": "application/ld+json",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
    ".xml": "application/xml",
    ".xsl": "application/xslt+xml",
    ".xlsx": XLSX,
}

#: Other names hosts give the same type: Apache's mime.types calls an icon by its
#: registered name, nginx's and most browsers' by the older one.
EQUIVALENT_MEDIA_TYPES: dict[str, str] = {"image/vnd.microsoft.icon": "image/x-icon"}

DEFAULT_MEDIA_TYPE = "application/octet-stream"

#: Feeds and data (the workbook too), which browser apps on other sites fetch: served with
#: `Access-Control-Allow-Origin: *` (pages are not). `.xml` for the conference schedules
#: (schedule.xml); the sitemap, public anyway, gets the header too.
CORS_SUFFIXES = frozenset({".ics", ".atom", ".csv", ".json", ".jsonld", ".xml", ".xlsx"})


def media_type(path: str) -> str:
    return MEDIA_TYPES.get(_suffix(path), DEFAULT_MEDIA_TYPE)


def is_cross_origin(path: str) -> bool:
    """Whether `path` is a feed or a data file that other origins may read."""
    return _suffix(path) in CORS_SUFFIXES


def _suffix(path: str) -> str:
    """`PurePosixPath(path).suffix`, lower-cased, without making a path object (the
    manifest asks it of every file: 32,000 at 10,000 slots)."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    return name[dot:].lower() if 0 < dot < len(name) - 1 else ""
