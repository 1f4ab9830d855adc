"""The floors: the same work done by the libraries alone, without aictdata around them.

A target such as "build within 1.5x of the icalendar floor" only means something if the
floor is timed on the same machine, in the same run, on the same data. The floors read
the already validated catalog (so they pay no YAML or validation) and do the least that
any exporter must do: one icalendar `to_ical()` per slot with our properties, and one CSV
row per slot written by the csv module.

Run as `python -m benchmarks.floors FOLDER`, it loads that series and times the
icalendar floor once, in process: `benchmarks.run` runs it after each `build` it times, so
that the ratio of the two compares minutes of the same load (a shared machine's speed
moves between runs).

A third floor is the file system's: creating the files of a built site (same paths, same
sizes) with nothing computed. The icalendar floor writes no file, while the published
layout has one file per slot; on a disk where creating a file is slow, this floor says
how much of a build's time no code of ours can remove.
"""

from __future__ import annotations

import argparse
import csv
import json
import time
from collections.abc import Sequence
from pathlib import Path

from aictdata.model.catalog import Catalog
from aictdata.model.vocabularies import Status

_ICAL_STATUS = {Status.CANCELLED: "CANCELLED", Status.POSTPONED: "TENTATIVE"}


def ical_floor(catalog: Catalog) -> int:
    """Build and serialise one icalendar Event per slot; return the bytes produced.

    The properties are those of our feeds: UID, DTSTAMP, DTSTART/DTEND with TZID,
    SUMMARY, DESCRIPTION, LOCATION, URL, ORGANIZER with CN, CATEGORIES, STATUS, SEQUENCE,
    LAST-MODIFIED. No calendar, no VTIMEZONE, no file: only the per-event cost.
    """
    from icalendar import Event, vCalAddress

    series = catalog.series
    organiser = series.organisations[0]
    address = vCalAddress(f"mailto:{organiser.email or 'contact@' + series.uid_domain}")
    address.params["CN"] = organiser.name
    produced = 0
    for edition, session in catalog.sessions():
        event = Event()
        event.add("uid", f"{edition.id}.{session.id}@{series.uid_domain}")
        event.add("dtstamp", edition.updated)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", session.title)
        if session.description:
            event.add("description", session.description)
        event.add("location", ", ".join(filter(None, (session.place, edition.venue.name))))
        event.add("url", f"{series.base_url}{edition.id}/#s-{session.id}")
        event.add("organizer", address)
        event.add("categories", [session.kind.value])
        event.add("status", _ICAL_STATUS.get(session.status, "CONFIRMED"))
        event.add("sequence", 0)
        event.add("last-modified", edition.updated)
        produced += len(event.to_ical())
    return produced


def files_floor(files: Sequence[tuple[str, int]], root: Path) -> int:
    """Create every `(relative path, size)` under `root` with bytes already in memory;
    return the bytes written. Folders are made once each, as the build does."""
    made: set[Path] = set()
    written = 0
    for relative, size in files:
        target = root / relative
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        with target.open("wb") as handle:
            written += handle.write(bytes(size))
    return written


CSV_HEADER = (
    "edition",
    "id",
    "date",
    "start",
    "end",
    "title",
    "kind",
    "status",
    "place",
    "room",
    "description",
    "speakers",
)


def csv_floor(catalog: Catalog, path: Path) -> int:
    """Write one CSV row per slot (UTF-8, comma, header) with the csv module; return bytes."""
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_HEADER)
        for edition, session in catalog.sessions():
            writer.writerow(
                (
                    edition.id,
                    session.id,
                    session.date.isoformat(),
                    session.starts_at.isoformat(timespec="seconds"),
                    session.ends_at.isoformat(timespec="seconds"),
                    session.title,
                    session.kind.value,
                    session.status.value,
                    session.place or "",
                    session.room or "",
                    session.description or "",
                    "; ".join(session.speakers),
                )
            )
    return path.stat().st_size


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="The icalendar floor of one series, once.")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    from aictdata.source.load import load_catalog

    catalog = load_catalog(args.folder)
    started, started_cpu = time.perf_counter(), time.process_time()
    produced = ical_floor(catalog)
    wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
    print(json.dumps({"wall_s": wall, "cpu_s": cpu, "bytes": produced}))


if __name__ == "__main__":
    main()
