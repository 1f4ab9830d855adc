"""Texts in French and English, end to end: the model takes `{fr, en}` where a reader
sees text, an error in one is located, and the bilingual fixture's English reaches the
English page, feed and markup, never the French ones, which are what they would be
without it.

The English texts expected are read from the fixture's YAML (every `en:` value), not
from the program.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import extruct
import pytest
import yaml
from icalendar import Calendar
from pydantic import BaseModel

from aictdata.build.site import build_site
from aictdata.model.texts import Text, TextLine, has_english, localized
from aictdata.source.load import load_catalog
from tests.conftest import REAL_EDITIONS, ROOT, edit, line_of, load_problems

BILINGUAL = Path(__file__).parent / "fixtures" / "bilingual"


def _english_of(value: object) -> list[str]:
    """Every English text of a YAML document: the `en` of each `{fr, en}` mapping."""
    if isinstance(value, dict):
        found = [value["en"]] if set(value) == {"fr", "en"} else []
        return found + [text for item in value.values() for text in _english_of(item)]
    if isinstance(value, list):
        return [text for item in value for text in _english_of(item)]
    return []


ENGLISH = sorted(
    {
        text
        for name in ("series.yaml", "2030.yaml")
        for text in _english_of(yaml.safe_load((BILINGUAL / name).read_text("utf-8")))
    }
)


@pytest.fixture(scope="module")
def bilingual_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bilingual") / "site"
    build_site(load_catalog(BILINGUAL), out)
    return out


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "editions"
    shutil.copytree(BILINGUAL, folder)
    return folder


# --- the model ---------------------------------------------------------------------------


def test_a_text_is_its_french_and_carries_its_english():
    catalog = load_catalog(BILINGUAL)
    edition = catalog.edition("2030")
    assert edition.title == "Édition bilingue de test"
    assert isinstance(edition.title, Text)
    assert (edition.title.lang, edition.title.en) == ("fr", "Bilingual test edition")
    english = localized(catalog, "en").edition("2030")
    assert english.title == "Bilingual test edition"
    assert english.title.lang == "en"
    (left_french,) = [s.title for s in english.sessions if s.id == "cafes"]
    assert (left_french, left_french.lang) == ("Cafés des Rencontres en français seulement", "fr")
    assert english.sessions[0].starts_at == edition.sessions[0].starts_at  # zone kept


def _texts_in(value: object) -> list[Text]:
    """Every `Text` held anywhere in a model, through every field (not only those that
    `localized` looks at)."""
    if isinstance(value, Text):
        return [value]
    if isinstance(value, tuple | list):
        return [text for item in value for text in _texts_in(item)]
    if isinstance(value, BaseModel):
        return [
            text for name in type(value).model_fields for text in _texts_in(getattr(value, name))
        ]
    return []


def test_the_english_view_reads_every_english_text_of_the_data():
    """`localized` walks only the fields that can hold a text (model.texts._text_fields):
    each English text of the fixture, wherever it is, must still be read in English."""
    english = _texts_in(localized(load_catalog(BILINGUAL), "en"))
    assert sorted({str(text) for text in english if text.lang == "en"}) == ENGLISH
    assert all(text.lang == "fr" for text in english if text.en is None)


class _Nested(BaseModel):
    title: TextLine
    inner: _Nested | None = None


def test_a_model_within_itself_is_read_in_english_at_every_depth():
    """`localized`'s choice of fields (model.texts._text_fields) keeps a field whose model
    is the one being looked at (none of the data's models is, yet)."""
    nested = _Nested(title={"fr": "haut", "en": "top"}, inner={"title": {"fr": "bas", "en": "low"}})
    english = localized(nested, "en")
    assert (english.title, english.inner.title) == ("top", "low")


def test_the_documented_editions_have_no_english():
    """Nothing in the pre-programmes is in English: no translation is invented."""
    catalog = load_catalog(REAL_EDITIONS)
    assert not has_english(catalog)
    assert localized(catalog, "en") is catalog


def test_french_is_required_and_english_optional_each_error_located(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "2030.yaml"
    edit(
        path,
        ("  fr: Les villes du monde\n", ""),
        ("      en: Follow the signs", '      en: ""'),
        ("      en: Main hall", "      de: Große Halle"),
    )
    problems = load_problems(folder)
    theme = line_of(path, "theme:")
    empty = line_of(path, 'en: ""')
    german = line_of(path, "de: Große Halle")
    assert problems == [
        f"{path}:{theme + 1}:3: theme: required field 'fr' is missing",
        f"{path}:{empty}:13: venue.access[metro].directions.en: must not be empty",
        f"{path}:{german}:7: sessions[accueil].place.de: unknown field 'de' (a typo?)",
    ]


def test_a_text_that_is_neither_text_nor_a_mapping_is_refused(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "2030.yaml"
    edit(path, ("  - Un temps resté en français", "  - [une, liste]"))
    (problem,) = load_problems(folder)
    assert problem.startswith(f"{path}:{line_of(path, '[une, liste]')}:5: highlights[1]: ")
    assert "must be text" in problem


def test_the_editors_schema_offers_both_forms():
    schema = json.loads((ROOT / "schemas" / "edition.schema.json").read_text())
    title = schema["properties"]["title"]
    kinds = [choice.get("type") or choice.get("$ref") for choice in title["oneOf"]]
    assert kinds[0] == "string" and kinds[1].startswith("#/$defs/")
    versions = schema["$defs"][kinds[1].rsplit("/", 1)[1]]
    assert versions["required"] == ["fr"]
    assert set(versions["properties"]) == {"fr", "en"}
    assert versions["additionalProperties"] is False


# --- the outputs -------------------------------------------------------------------------


def _french_outputs(site: Path) -> list[Path]:
    """Every file a French reader gets: all but the English tree and the data package
    (which carries both languages by design) and the manifest (which lists them)."""
    return [
        path
        for path in sorted(site.rglob("*"))
        if path.is_file()
        and path.relative_to(site).parts[0] not in ("en", "data")
        and path.name != "manifest.json"
    ]


def test_no_english_text_in_a_french_output(bilingual_site):
    assert len(ENGLISH) >= 12
    for path in _french_outputs(bilingual_site):
        if path.suffix in (".png", ".ico"):
            continue
        content = path.read_text("utf-8")
        for english in ENGLISH:
            assert english not in content, f"{english!r} in {path.relative_to(bilingual_site)}"


def test_the_french_outputs_are_those_of_the_same_data_without_english(bilingual_site, tmp_path):
    """English versions add the English outputs and change no byte of the French ones
    (but the language links, which exist either way)."""
    folder = _copy(tmp_path)
    for name in ("series.yaml", "2030.yaml"):
        path = folder / name
        lines = path.read_text("utf-8").splitlines(keepends=True)
        kept: list[str] = []
        for line in lines:  # `key: {fr: x, en: y}` becomes `key: x`
            stripped = line.lstrip()
            indent = len(line) - len(stripped)
            if stripped.startswith("en: "):
                continue
            if stripped.startswith("fr: ") and kept and kept[-1].rstrip().endswith(":"):
                kept[-1] = kept[-1].rstrip("\n") + " " + stripped[4:]
                continue
            if stripped.startswith("- fr: "):
                kept.append(" " * indent + "- " + stripped[6:])
                continue
            kept.append(line)
        path.write_text("".join(kept), "utf-8")
    catalog = load_catalog(folder)
    assert not has_english(catalog)
    out = tmp_path / "site"
    build_site(catalog, out)
    for path in _french_outputs(bilingual_site):
        relative = path.relative_to(bilingual_site)
        assert (out / relative).read_bytes() == path.read_bytes(), relative


def test_the_english_page_shows_the_english_and_marks_the_french(bilingual_site):
    html = (bilingual_site / "en" / "2030" / "index.html").read_text("utf-8")
    assert '<html lang="en">' in html
    for english in ("Bilingual test edition", "Welcome of the participants", "Main hall"):
        assert english in html
    assert (
        '<a class="title" href="sessions/cafes.html" lang="fr">'
        "Cafés des Rencontres en français seulement"
    ) in html
    assert '<li lang="fr">Un temps resté en français</li>' in html
    # an access line in English words, with the organiser's French directions marked
    assert "<dd>line 1, Follow the signs</dd>" in html
    assert '<dd>line 2, <span lang="fr">Arrêt devant le lieu, côté jardin</span></dd>' in html
    assert ">Coffee and badges.</span>" in html
    # the kinds in English, next to each title (the document's kinds: « Accueil », « Clôture »)
    assert '<span class="kind">Welcome</span>' in html
    assert '<span class="kind">Closing</span>' in html
    assert "Highlights" in html and "Temps forts" not in html


def test_each_page_names_its_other_language(bilingual_site):
    for page in ("index.html", "2030/index.html"):
        folder = page.removesuffix("index.html")
        french = (bilingual_site / page).read_text("utf-8")
        english = (bilingual_site / "en" / page).read_text("utf-8")
        for html in (french, english):
            assert f'hreflang="fr" href="https://example.org/{folder}"' in html
            assert f'hreflang="en" href="https://example.org/en/{folder}"' in html
            assert f'hreflang="x-default" href="https://example.org/{folder}"' in html
        assert 'hreflang="en" lang="en">English</a>' in french
        assert 'hreflang="fr" lang="fr">Français</a>' in english
        assert f'<link rel="canonical" href="https://example.org/en/{folder}">' in english


def _events(path: Path) -> dict[str, str]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("feed", ["calendar.ics", "2030/calendar.ics"])
def test_the_english_feed_has_the_same_events_in_english(bilingual_site, feed):
    french = _events(bilingual_site / feed)
    english = _events(bilingual_site / "en" / feed)
    assert (
        set(english)
        == set(french)
        == {f"2030.{slot}@example.org" for slot in ("accueil", "cafes", "cloture")}
    )
    assert english["2030.accueil@example.org"] == "Welcome of the participants"
    assert french["2030.accueil@example.org"] == "Accueil des participants"
    assert english["2030.cloture@example.org"] == "Closing of the meetings"
    assert english["2030.cafes@example.org"] == french["2030.cafes@example.org"]


def test_the_english_markup_is_the_same_event_in_english(bilingual_site):
    def event(page: Path) -> dict:
        html = page.read_text("utf-8")
        found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
        (node,) = [n for n in found if n.get("@type") == "Event"]
        return node

    french = event(bilingual_site / "2030" / "index.html")
    english = event(bilingual_site / "en" / "2030" / "index.html")
    assert english["@id"] == french["@id"] == "https://example.org/2030/#event"
    assert [s["@id"] for s in english["subEvent"]] == [s["@id"] for s in french["subEvent"]]
    assert (english["name"], english["inLanguage"]) == ("Bilingual test edition", "en")
    assert (french["name"], french["inLanguage"]) == ("Édition bilingue de test", "fr")
    assert english["description"].startswith("Theme: Cities of the world")
    assert english["url"] == "https://example.org/en/2030/"


def test_openagenda_gets_the_english_of_the_slots_that_have_it(bilingual_site):
    """OpenAgenda's texts are multilingual ({fr, en}): English where the data has it,
    none where it has not (a French-only slot shows its French to every reader)."""
    document = json.loads((bilingual_site / "data" / "openagenda.json").read_text("utf-8"))
    events = {event["extId"]: event["body"] for event in document["events"]}
    welcome = events["2030.accueil"]
    assert welcome["title"] == {
        "fr": "Accueil des participants",
        "en": "Welcome of the participants",
    }
    assert welcome["description"]["en"].startswith("Welcome – ")
    assert "Coffee and badges." in welcome["longDescription"]["en"]
    assert "Main hall" in welcome["longDescription"]["en"]
    assert "https://example.org/en/2030/#s-accueil" in welcome["longDescription"]["en"]
    assert "Café et badges." in welcome["longDescription"]["fr"]
    assert set(events["2030.cafes"]["title"]) == {"fr"}
    (place,) = document["locations"]
    assert "Metro: line 1, Follow the signs" in place["body"]["access"]["en"]


def test_no_english_reaches_openagenda_for_the_documented_editions(built_site):
    document = json.loads((built_site / "data" / "openagenda.json").read_text("utf-8"))
    for item in (*document["events"], *document["locations"]):
        for value in item["body"].values():
            assert not (isinstance(value, dict) and "en" in value), item["extId"]


def test_the_data_carries_each_english_text_beside_its_french(bilingual_site):
    """One `_en` column per translated column, after the others: every English text of
    the fixture is in the data, on the row of its French, and nowhere else."""
    import csv

    found: set[str] = set()
    for path in sorted((bilingual_site / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            reader = csv.DictReader(stream)
            header = reader.fieldnames or []
            english = [name for name in header if name.endswith("_en")]
            assert header[len(header) - len(english) :] == english, path.name  # last
            for row in reader:
                for name in english:
                    if row[name]:
                        assert row[name.removesuffix("_en")], (path.name, name)
                        found.add(row[name])
                for name in header:
                    if name not in english:
                        assert row[name] not in ENGLISH, (path.name, name)
    assert found == set(ENGLISH)
    with (bilingual_site / "data" / "sessions.csv").open(encoding="utf-8", newline="") as f:
        rows = {row["id"]: row for row in csv.DictReader(f)}
    assert (rows["accueil"]["title"], rows["accueil"]["title_en"]) == (
        "Accueil des participants",
        "Welcome of the participants",
    )
    assert rows["cafes"]["title_en"] == ""


def test_the_data_readme_exists_in_english(bilingual_site):
    """README.en.md: the same document as README.md, in English (the French names the
    English one); the dictionary's English descriptions, the series' English name."""
    french = (bilingual_site / "data" / "README.md").read_text("utf-8")
    english = (bilingual_site / "data" / "README.en.md").read_text("utf-8")
    assert english.startswith("# Bilingual test meetings: editions and programmes\n")
    assert french.startswith("# Rencontres bilingues de test : éditions et programmes\n")
    assert "README.en.md" in french
    for heading in ("## Editions", "## Files", "## Conventions", "## Loading the tables"):
        assert f"\n{heading}\n" in english
    assert "## Data dictionary" in english and "## Dictionnaire des données" in french
    days = "Saturday 30 March – Sunday 31 March 2030"  # CLDR's thin spaces read as spaces
    assert f"- 2030: 21st edition, {days}, 3 slots" in english.replace("\u2009", " ")
    assert "| `title_en` | string | no |" in english
    assert "Primary key: `edition_id`, `id`." in english
    for french_only in ("Clé primaire", "Fichier `", "Conventions\n\n- CSV :"):
        assert french_only not in english
