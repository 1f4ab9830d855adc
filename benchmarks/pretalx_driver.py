"""pretalx's side of `benchmarks.pretalx_compare`: run INSIDE pretalx's own venv.

It never imports aictdata (pretalx's venv does not have it): the talks come as a JSON
file written by `benchmarks.pretalx_compare`, whose shape is

    {"editions": [{"id", "name", "start_date", "end_date", "timezone", "venue",
                   "slots": [{"id", "title", "description", "start", "end", "place",
                              "room", "speakers", "kind"}, ...]}, ...]}

with `start` and `end` in ISO 8601 with their offset. Everything pretalx writes goes
under `--work` (its configuration file, SQLite database, data folder, logs, media,
HTML export) and `--static` (the collected static files, reused across runs): pretalx
reads the file named by PRETALX_CONFIG_FILE, which points its folders there, so that
nothing is written into its venv.

Set-up, timed but not compared: `migrate`, `collectstatic` (the HTML export copies the
collected files; once per static folder), then the data, through the Django ORM: one
organiser, one event per edition (`Event.objects.create`, whose `save` builds the
event's CfP, work-in-progress schedule, mail templates and review phases, so it is not
bulk-created), then in bulk, for all events at once, their rooms (one per distinct place
of the slots, or one named after the venue), session types (one per kind), speakers (one
user per distinct name, one speaker profile per event they speak at), confirmed
submissions (the slot's description is the abstract, as aictdata's frab exporter maps
it), speaker roles and talk slots in the work-in-progress schedule; then each event's
schedule is released (`event.wip_schedule.freeze`, which `Event.release_schedule` calls),
so that the exporters see a published schedule.

Timed, best of `--repeat` (each round sums the events): `get_data()` of the ICalExporter,
FrabXmlExporter and FrabJsonExporter of each event, in this process, in the event's scope,
with its released schedule, as pretalx's views call them. Then the static HTML export as
pretalx runs it, one `python -m pretalx export_schedule_html <slug>` child process per
event, one after the other, within `--html-timeout` seconds in all: the child that is
running when it runs out is killed, and the figures say how many events were done.

It prints one JSON object (every figure) as the last line of its stdout.

    .venv-pretalx/bin/python benchmarks/pretalx_driver.py talks.json --work DIR --static DIR
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ3789"
"""pretalx's own code alphabet (`GenerateCode._code_charset`): bulk creation skips `save`,
which draws codes at random, so codes are given here, deterministic and unique."""
CODE_LENGTH = 6
SCHEDULE_VERSION = "1.0"
EXPORT_FAILED = "Export failed"
"""What `export_schedule_html` logs when the export of an event fails: it then removes
the half-written folder and still exits 0."""


def write_config(work: Path, static: Path) -> Path:
    """pretalx's configuration: every folder under `work` or `static`, SQLite."""
    data = work / "data"
    config = work / "pretalx.cfg"
    config.write_text(
        "[filesystem]\n"
        f"data = {data}\n"
        f"static = {static}\n"
        f"logs = {data / 'logs'}\n"
        f"media = {data / 'media'}\n"
        f"htmlexport = {data / 'htmlexport'}\n"
        "[database]\n"
        "backend = sqlite3\n"
        f"name = {data / 'db.sqlite3'}\n"
        "[site]\n"
        "url = http://localhost\n"
        "debug = False\n",
        encoding="utf-8",
    )
    return config


def pretalx_environment(config: Path) -> dict[str, str]:
    """This process' environment plus what makes pretalx read `config` quietly."""
    return {
        **os.environ,
        "PRETALX_CONFIG_FILE": str(config),
        "PRETALX_NO_INITIAL_LOG": "1",
        "DJANGO_SETTINGS_MODULE": "pretalx.settings",
    }


def progress(text: str) -> None:
    print(f"  pretalx {text}", file=sys.stderr, flush=True)


@contextmanager
def timed(figures: dict[str, Any], key: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    figures[key] = time.perf_counter() - started
    progress(f"{key.removesuffix('_s').replace('_', ' ')}: {figures[key]:.1f} s")


def code(number: int) -> str:
    """The `number`-th code of CODE_LENGTH letters of CODE_ALPHABET."""
    letters = []
    for _ in range(CODE_LENGTH):
        number, digit = divmod(number, len(CODE_ALPHABET))
        letters.append(CODE_ALPHABET[digit])
    return "".join(reversed(letters))


def room_name(slot: dict[str, Any], venue: str) -> str:
    """The slot's room and place as the data gives them, else the venue."""
    return ", ".join(part for part in (slot["room"], slot["place"]) if part) or venue


def create_data(editions: Sequence[dict[str, Any]]) -> list[str]:
    """The events, their talks and speakers, each schedule released; return the slugs."""
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django_scopes import scopes_disabled
    from pretalx.event.models import Event, Organiser
    from pretalx.person.models import SpeakerProfile, User
    from pretalx.schedule.models import Room, TalkSlot
    from pretalx.submission.models import Submission, SubmissionStates, SubmissionType
    from pretalx.submission.models.submission import SpeakerRole

    with scopes_disabled(), transaction.atomic():
        organiser = Organiser.objects.create(name="Banc d’essai", slug="banc-essai")
        events = [
            Event.objects.create(
                name=edition["name"],
                slug=edition["id"],
                organiser=organiser,
                date_from=date.fromisoformat(edition["start_date"]),
                date_to=date.fromisoformat(edition["end_date"]),
                timezone=edition["timezone"],
                email="contact@bench.example.org",
                locale="fr",
                locale_array="fr",
                content_locale_array="fr",
                is_public=True,
            )
            for edition in editions
        ]
        names = sorted({name for e in editions for s in e["slots"] for name in s["speakers"]})
        unusable = make_password(None)
        users = User.objects.bulk_create(
            User(
                name=name,
                email=f"speaker-{number}@bench.example.org",
                code=code(number),
                password=unusable,
                locale="fr",
            )
            for number, name in enumerate(names)
        )
        user_of = dict(zip(names, users, strict=True))
        rooms: dict[tuple[int, str], Room] = {}
        types: dict[tuple[int, str], SubmissionType] = {}
        submissions: list[Submission] = []
        placed: list[tuple[Event, Room, dict[str, Any]]] = []
        profiles: set[tuple[int, str]] = set()
        for event, edition in zip(events, editions, strict=True):
            venue = edition["venue"] or "Lieu à venir"
            for slot in edition["slots"]:
                name = room_name(slot, venue)
                if (event.pk, name) not in rooms:
                    rooms[event.pk, name] = Room(event=event, name=name, position=len(rooms))
                if (event.pk, slot["kind"]) not in types:
                    types[event.pk, slot["kind"]] = SubmissionType(event=event, name=slot["kind"])
                starts = datetime.fromisoformat(slot["start"])
                ends = datetime.fromisoformat(slot["end"])
                submissions.append(
                    Submission(
                        event=event,
                        code=code(len(submissions)),
                        title=slot["title"],
                        abstract=slot["description"],
                        submission_type=types[event.pk, slot["kind"]],
                        state=SubmissionStates.CONFIRMED,
                        duration=int((ends - starts).total_seconds() // 60),
                        content_locale="fr",
                    )
                )
                placed.append((event, rooms[event.pk, name], slot))
                profiles.update((event.pk, name) for name in slot["speakers"])
        Room.objects.bulk_create(rooms.values())
        SubmissionType.objects.bulk_create(types.values())
        Submission.objects.bulk_create(submissions)
        SpeakerProfile.objects.bulk_create(
            SpeakerProfile(event_id=event_id, user=user_of[name])
            for event_id, name in sorted(profiles)
        )
        SpeakerRole.objects.bulk_create(
            SpeakerRole(submission=submission, user=user_of[name])
            for submission, (_, _, slot) in zip(submissions, placed, strict=True)
            for name in slot["speakers"]
        )
        schedules = {event.pk: event.wip_schedule for event in events}
        TalkSlot.objects.bulk_create(
            TalkSlot(
                submission=submission,
                schedule=schedules[event.pk],
                room=room,
                start=datetime.fromisoformat(slot["start"]),
                end=datetime.fromisoformat(slot["end"]),
            )
            for submission, (event, room, slot) in zip(submissions, placed, strict=True)
        )
        for event in events:
            event.wip_schedule.freeze(SCHEDULE_VERSION, notify_speakers=False)
    return [event.slug for event in events]


def exporters() -> dict[str, Callable[..., Any]]:
    """pretalx's exporters of the outputs compared, by the name the figures use."""
    from pretalx.schedule.exporters import FrabJsonExporter, FrabXmlExporter, ICalExporter

    return {"ics": ICalExporter, "frab_xml": FrabXmlExporter, "frab_json": FrabJsonExporter}


def talks_in(name: str, data: str) -> int:
    """How many talks one document of exporter `name` holds."""
    if name == "frab_json":
        days = json.loads(data)["schedule"]["conference"]["days"]
        return sum(len(talks) for day in days for talks in day["rooms"].values())
    return data.count("BEGIN:VEVENT" if name == "ics" else "<event guid=")


def time_exporters(talks: dict[str, int], repeat: int) -> dict[str, Any]:
    """Each exporter's `get_data()` for every event, summed, best of `repeat` rounds.

    `talks` is the number of talks of each event (by slug): every document is checked to
    hold them all, out of the timed part, so that both sides export the same talks.
    """
    from django_scopes import scope, scopes_disabled
    from pretalx.event.models import Event

    with scopes_disabled():
        events = list(Event.objects.filter(slug__in=talks).order_by("slug"))
    figures: dict[str, Any] = {}
    for name, exporter in exporters().items():
        walls: list[float] = []
        cpus: list[float] = []
        produced = 0
        for _ in range(repeat):
            wall = cpu = 0.0
            produced = 0
            for event in events:
                with scope(event=event):
                    instance = exporter(event, schedule=event.current_schedule)
                    started, started_cpu = time.perf_counter(), time.process_time()
                    data = instance.get_data()
                    wall += time.perf_counter() - started
                    cpu += time.process_time() - started_cpu
                produced += len(data.encode())
                if talks_in(name, data) != talks[event.slug]:
                    raise RuntimeError(f"{name} of {event.slug}: not {talks[event.slug]} talks")
            walls.append(wall)
            cpus.append(cpu)
            progress(f"{name}: {wall:.3f} s")
        figures[name] = {
            "best_s": min(walls),
            "cpu_s": min(cpus),
            "runs_s": walls,
            "documents": len(events),
            "bytes": produced,
        }
    return figures


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _export_command(slug: str) -> list[str]:
    return [sys.executable, "-m", "pretalx", "export_schedule_html", slug]


def child_startup(env: dict[str, str], work: Path, repeat: int) -> float:
    """Best wall time of `export_schedule_html` on a slug that does not exist: Django's and
    pretalx's start-up, which every child of the HTML export pays once."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(_export_command("-"), env=env, cwd=work, capture_output=True, check=False)
        times.append(time.perf_counter() - started)
    return min(times)


def export_html(
    slugs: Sequence[str], env: dict[str, str], work: Path, root: Path, timeout: float
) -> dict[str, Any]:
    """`export_schedule_html` of each event in turn, `timeout` seconds for all of them."""
    per_event: list[float] = []
    started, started_cpu = time.perf_counter(), _children_cpu()
    figures: dict[str, Any] = {"events": len(slugs), "timeout_s": timeout, "finished": True}
    for slug in slugs:
        left = timeout - (time.perf_counter() - started)
        if left <= 0:
            figures["finished"] = False
            break
        begun = time.perf_counter()
        try:
            child = subprocess.run(
                _export_command(slug),
                env=env,
                cwd=work,
                capture_output=True,
                text=True,
                timeout=left,
                check=False,
            )
        except subprocess.TimeoutExpired:
            figures["finished"] = False
            break
        per_event.append(time.perf_counter() - begun)
        if child.returncode != 0 or EXPORT_FAILED in child.stderr or not (root / slug).is_dir():
            tail = " | ".join(child.stderr.strip().splitlines()[-5:])
            raise RuntimeError(f"export_schedule_html {slug}: exit {child.returncode}: {tail}")
        progress(f"html {slug}: {per_event[-1]:.1f} s")
    figures.update(
        done=len(per_event),
        total_s=sum(per_event),
        wall_s=time.perf_counter() - started,
        cpu_s=_children_cpu() - started_cpu,
        per_event_s=per_event,
        written=written([root / slug for slug in slugs[: len(per_event)]]),
    )
    return figures


def written(folders: Sequence[Path]) -> dict[str, Any]:
    """Files and bytes in `folders`, grouped: pages, assets copied from the static and media
    folders, and the other files (by suffix: the exports and data the pages link to)."""
    groups: dict[str, dict[str, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            top = path.relative_to(folder).parts[0]
            if top in ("static", "media"):
                group = "assets (static/, media/)"
            elif path.suffix == ".html":
                group = "pages (.html)"
            else:
                group = f"other ({path.suffix or 'no suffix'})"
            entry = groups.setdefault(group, {"files": 0, "bytes": 0})
            entry["files"] += 1
            entry["bytes"] += path.stat().st_size
    return {
        "files": sum(g["files"] for g in groups.values()),
        "bytes": sum(g["bytes"] for g in groups.values()),
        "groups": dict(sorted(groups.items())),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="pretalx's exporters on a JSON file of talks.")
    parser.add_argument("talks", type=Path, help="JSON file written by benchmarks.pretalx_compare")
    parser.add_argument("--work", type=Path, required=True, help="empty folder for pretalx")
    parser.add_argument("--static", type=Path, required=True, help="collected static files")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of get_data (best kept)")
    parser.add_argument("--html-timeout", type=float, default=600, help="seconds, all events")
    args = parser.parse_args(argv)
    editions = json.loads(args.talks.read_text(encoding="utf-8"))["editions"]
    env = pretalx_environment(write_config(args.work.resolve(), args.static.resolve()))
    os.environ.update(env)
    figures: dict[str, Any] = {"events": len(editions)}
    with timed(figures, "django_setup_s"):
        import django

        django.setup()
    from django.conf import settings
    from django.core.management import call_command

    with timed(figures, "migrate_s"):
        call_command("migrate", verbosity=0, interactive=False)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        with timed(figures, "collectstatic_s"):
            call_command("collectstatic", verbosity=0, interactive=False)
    with timed(figures, "create_data_s"):
        slugs = create_data(editions)
    talks = {edition["id"]: len(edition["slots"]) for edition in editions}
    figures["exporters"] = time_exporters(talks, args.repeat)
    figures["html_child_startup_s"] = child_startup(env, args.work, args.repeat)
    figures["html"] = export_html(
        slugs, env, args.work, settings.HTMLEXPORT_ROOT, args.html_timeout
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
