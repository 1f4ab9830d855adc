"""Synthetic but valid series folders of any size, deterministic from a seed.

The benchmark needs series a thousand times larger than the real one, shaped like it: a
series.yaml and one file per edition, each edition a few days of parallel slots with
French text that exercises what the exporters must escape (accents, commas, semicolons,
colons, backslashes, quotes, line breaks, long lines that fold, a non-BMP character).

Edition `i` depends only on the seed and `i` (its own random generator), so the 10,000-slot
series starts with the 1,000-slot one: growth is measured on the same data. Slots sit
between 08:00 and 18:00 on Monday to Thursday, so none falls in a DST gap or overlap.

    python -m benchmarks.generate --slots 1000 --out /tmp/series-1000
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from aictdata.model.vocabularies import SessionKind, Status

SLOTS_PER_EDITION = 100
DAYS_PER_EDITION = 4
TRACKS = 5
FIRST_MONDAY = date(2031, 1, 6)
DEFAULT_SEED = 20250704

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

_THEMES = (
    "Coopération décentralisée, climat ; « eau & assainissement »",
    "Diplomatie des territoires : singularités, défis; perspectives",
    "L’action internationale des collectivités — d’hier à demain",
    "Jeunesse, mobilité & solidarité : « faire ensemble » \\ partager",
    "Villes résilientes 🌍 : énergie, mobilité, alimentation; culture",
)
_TOPICS = (
    "coopération franco-sénégalaise",
    "eau, hygiène & assainissement",
    "gouvernance locale ; décentralisation",
    "égalité femmes-hommes",
    "patrimoine : « mémoire partagée »",
    "économie sociale et solidaire",
    "santé mondiale — une seule santé",
    "numérique \\ données ouvertes",
    "Ukraine, Liban ; Haïti : réponses d’urgence",
    "forêts, biodiversité & climat",
)
_PLACES = (
    "Salle Jean-Jaurès, 2e étage ; aile « Nord »",
    "Espace des partenaires",
    "Amphithéâtre Marie-Curie, rez-de-chaussée",
    "Salon « Élysée », côté jardin; accès PMR",
)
_ROOMS = ("Salle 1", "Salle 2 \\ mezzanine", "Salon d’honneur", "Atelier B; niveau -1")
_SPEAKERS = (
    "Élodie Lefèvre-Nguyễn",
    "François d’Arçais",
    "Aïssatou Diallo",
    "Jean-Noël Ødegård",
    "Zoé Çelik, maire adjointe",
    "Søren « Sam » Bœuf",
)
_SENTENCES = (
    "Les collectivités partagent leurs retours d’expérience, leurs réussites; leurs échecs.",
    "Échanges avec les partenaires internationaux : Afrique, Amériques, Asie & Europe.",
    "Présentation d’outils « clés en main » pour monter un projet, pas à pas.",
    "Les élus, les techniciens et la société civile débattent ; la salle réagit.",
    "Chemin du dossier partagé : C:\\Rencontres\\2031\\atelier.",
)
_KIND_WORDS = {
    SessionKind.WELCOME: "accueil",
    SessionKind.OPENING: "ouverture",
    SessionKind.WORKSHOPS: "atelier",
    SessionKind.COFFEE_BREAK: "pause",
    SessionKind.PLENARY: "pleniere",
    SessionKind.LUNCH: "dejeuner",
    SessionKind.CAFES: "cafe",
    SessionKind.COUNTRY_HONOUR: "pays",
    SessionKind.CLOSING: "cloture",
    SessionKind.OTHER: "autre",
}
_STATUSES = (
    (Status.SCHEDULED, 80),
    (Status.CANCELLED, 6),
    (Status.RESCHEDULED, 5),
    (Status.FULL, 4),
    (Status.POSTPONED, 3),
    (Status.MOVED_ONLINE, 2),
)


def edition_id(index: int) -> str:
    """e0001, e0002...: a slug, sorted like the editions, and the file's stem."""
    return f"e{index + 1:04d}"


def series_document() -> dict[str, Any]:
    """What every synthetic edition shares (same shape as editions/series.yaml)."""
    return {
        "id": "rencontres-synthetiques",
        "name": "Rencontres synthétiques de l’action internationale, « banc d’essai »",
        "short_name": "Rencontres synthétiques",
        "description": "Série générée pour mesurer aictdata ; rien n’y est réel.\n"
        "Deuxième ligne, avec une virgule, un point-virgule; et un antislash \\.",
        "uid_domain": "bench.example.org",
        "base_url": "https://bench.example.org/",
        "organisations": [
            {
                "id": "organisateur",
                "name": "Organisateur « fictif », association loi 1901",
                "short_name": "OF",
                "url": "https://bench.example.org/organisateur",
                "email": "contact@bench.example.org",
                "phone": "+33 1 53 41 81 81",
                "funders": ["bailleur"],
            },
            {"id": "bailleur", "name": "Bailleur de fonds ; fictif"},
        ],
        "participations": [
            {"organisation": "organisateur", "role": "organizer"},
            {"organisation": "bailleur", "role": "funder", "label": "Avec le soutien de"},
        ],
        "contacts": [
            {
                "organisation": "organisateur",
                "purpose": "Programme, inscriptions & accès",
                "email": "contact@bench.example.org",
            }
        ],
        "websites": [{"label": "Site du banc d’essai", "url": "https://bench.example.org/"}],
    }


def edition_document(index: int, slots: int, seed: int) -> dict[str, Any]:
    """Edition `index` with `slots` slots over four days, from its own random generator."""
    rng = random.Random(f"{seed}-{index}")
    start = FIRST_MONDAY + timedelta(weeks=index)
    end = start + timedelta(days=DAYS_PER_EDITION - 1)
    number = index + 1
    venue_org = f"lieu-{number}"
    return {
        "id": edition_id(index),
        "number": number,
        "title": f"{number}e édition des Rencontres synthétiques : « {rng.choice(_THEMES)} »",
        "theme": rng.choice(_THEMES),
        "programme_stage": rng.choice(("pre-programme", "programme")),
        "start_date": start,
        "end_date": end,
        "timezone": "Europe/Paris",
        "updated": datetime.combine(
            start - timedelta(days=30), time(10, 0), tzinfo=timezone(timedelta(hours=1))
        ),
        "source": {"title": f"Programme n° {number}, version « définitive »; p. 1-4"},
        "hashtag": f"RencontresSynth{number}",
        "venue": {
            "id": venue_org,
            "name": f"Pavillon d’Essai n° {number}",
            "url": f"https://bench.example.org/lieux/{number}",
            "address": {
                "street": f"{rng.randint(1, 200)}bis, avenue d’Iéna",
                "postal_code": "75116",
                "locality": "Paris",
            },
            "access": [
                {
                    "id": "metro",
                    "mode": "metro",
                    "lines": ["9"],
                    "stops": [{"name": "Iéna", "exit": "Musée Guimet", "walk_minutes": 3}],
                },
                {"id": "velo", "mode": "bike", "directions": rng.choice(_SENTENCES)},
            ],
        },
        "registration": {"opens": start - timedelta(days=60), "mode": "online"},
        "organisations": [{"id": venue_org, "name": f"Pavillon d’Essai n° {number}"}],
        "participations": [{"organisation": venue_org, "role": "partner"}],
        "formats": [
            {"kind": "plenary-conference", "label": "Conférence plénière thématique"},
            {"kind": "workshops", "label": "Ateliers, réunions régionales; B2B"},
        ],
        "highlights": [rng.choice(_TOPICS), rng.choice(_TOPICS)],
        "sessions": [_session(rng, start, n) for n in range(slots)],
    }


def _session(rng: random.Random, first_day: date, n: int) -> dict[str, Any]:
    per_day = -(-SLOTS_PER_EDITION // DAYS_PER_EDITION)
    day, position = divmod(n, per_day)
    row, track = divmod(position, TRACKS)
    begins = datetime.combine(date.min, time(8, 0)) + timedelta(hours=2 * row)
    ends = begins + timedelta(minutes=rng.choice((30, 45, 60, 90, 105)))
    kind = rng.choice(tuple(SessionKind))
    statuses, weights = zip(*_STATUSES, strict=True)
    session: dict[str, Any] = {
        "id": f"{_KIND_WORDS[kind]}-{n + 1:03d}",
        "date": first_day + timedelta(days=day % DAYS_PER_EDITION),
        "start": f"{begins:%H:%M}",
        "end": f"{ends:%H:%M}",
        "title": f"{rng.choice(_TOPICS).capitalize()} — piste {track + 1} ; n° {n + 1}",
        "kind": kind.value,
    }
    status = rng.choices(statuses, weights)[0]
    if status is not Status.SCHEDULED:
        session["status"] = status.value
    if rng.random() < 0.5:
        session["place"] = rng.choice(_PLACES)
    if rng.random() < 0.3:
        session["room"] = rng.choice(_ROOMS)
    if rng.random() < 0.6:
        session["description"] = "\n".join(rng.sample(_SENTENCES, rng.randint(1, 3)))
    speakers = rng.sample(_SPEAKERS, rng.randint(0, 3))
    if speakers:
        session["speakers"] = speakers
    return session


def write_series(folder: Path, slots: int, *, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write series.yaml and the edition files for `slots` slots in all; return the files.

    Editions hold SLOTS_PER_EDITION slots each; the last one holds the remainder.
    """
    if slots < 1:
        raise ValueError("a series needs at least one slot")
    folder.mkdir(parents=True, exist_ok=True)
    written = [_dump(folder / "series.yaml", series_document())]
    for index, start in enumerate(range(0, slots, SLOTS_PER_EDITION)):
        count = min(SLOTS_PER_EDITION, slots - start)
        document = edition_document(index, count, seed)
        written.append(_dump(folder / f"{document['id']}.yaml", document))
    return written


def _dump(path: Path, document: dict[str, Any]) -> Path:
    text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--slots", type=int, default=1000, help="slots in all (default 1000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    args = parser.parse_args(argv)
    files = write_series(args.out, args.slots, seed=args.seed)
    print(f"wrote {len(files)} files ({len(files) - 1} editions) into {args.out}")


if __name__ == "__main__":
    main()
