"""The data API published with the site: the catalogue as JSON at stable, versioned paths.

    /api/v1/codes.json          every number that has a page, with every structured field
    /api/v1/codes/<code>.json   one of them
    /api/v1/schema.json         the JSON Schema both follow

Written by scripts/postbuild.py from the same validated catalogue as the pages. Version 1 only
ever gains fields; a change that removes or renames one gets /api/v2/.
"""

from __future__ import annotations

import json
from pathlib import Path

from scripts.catalog import LANGS, Catalog
from scripts.markup import spec_label, spec_url
from scripts.site import SiteMap
from scripts.snippets import for_language

SCHEMA = Path(__file__).resolve().parent / "api_schema.json"


def spec(ref: str) -> dict:
    return {"ref": ref, "label": spec_label(ref), "url": spec_url(ref)}


def both(entry, field: str | None) -> dict:
    """{ko, en} of a field of the entry's language tables, or of the entry's ko and en (field None)."""
    return {lang: getattr(entry, lang) if field is None else getattr(getattr(entry, lang), field) for lang in LANGS}


def sending(cat: Catalog, send) -> dict:
    return {
        "request": send.request.strip(),
        "expect": dict(send.expect),
        "problem": send.problem,
        "snippets": {
            key: {
                "framework": framework.label,
                "language": framework.language,
                "executed": framework.executed,
                **{lang: for_language(send.snippets[key], framework.comment, lang) for lang in LANGS},
            }
            for key, framework in cat.frameworks.items()
        },
    }


def code_record(cat: Catalog, site: SiteMap, number: int, site_url: str) -> dict:
    entry = cat.code(number)
    record = {
        "code": number,
        "class": cat.band(number).id,
        "registered": entry is not None,
        "pages": {lang: site_url + site.url(f"codes/{number}/", lang) for lang in site.languages},
    }
    if entry:
        record.update(
            {
                "phrase": entry.phrase,
                "status": entry.status,
                "spec": spec(entry.spec),
                "former_phrases": [{"phrase": f.phrase, "spec": spec(f.spec)} for f in entry.former_phrases],
                "name_ko": entry.ko.name,
                "text": {
                    lang: {
                        field: getattr(getattr(entry, lang), field)
                        for field in ("aka", "summary", "description", "use", "avoid", "mistakes", "visitor")
                        if getattr(getattr(entry, lang), field) is not None
                    }
                    for lang in LANGS
                },
                "related": list(entry.related),
                "confused_with": [{"code": c.code, "ko": c.ko, "en": c.en} for c in entry.confused],
                "headers": [
                    {
                        "name": h.name,
                        "direction": h.direction,
                        "level": h.level,
                        "spec": spec(h.spec),
                        "ko": h.ko,
                        "en": h.en,
                    }
                    for h in entry.headers
                ],
                "cache": {
                    "kind": entry.cache,
                    "spec": spec(entry.cache_spec),
                    "note": {lang: getattr(entry, lang).cache_note or "" for lang in LANGS},
                },
                "example": entry.example.strip(),
                "compared": [
                    {
                        "id": comparison.id,
                        "title": both(comparison, "title"),
                        "facts": {
                            column.fact: both(column.values[entry.fact(column.fact)], None)
                            for column in comparison.columns
                        },
                    }
                    for comparison in cat.comparisons_of(number)
                ],
            }
        )
        if entry.send:
            record["send"] = sending(cat, entry.send)
    if cat.entry(number).reviewed:
        record["reviewed"] = cat.entry(number).reviewed.isoformat()
    record["names"] = [n.model_dump(exclude_defaults=True) for n in cat.names_for(number)]
    record["unofficial"] = [
        {
            "phrase": u.phrase,
            "vendor": u.vendor,
            "source": u.source,
            "sent_to_clients": u.sent,
            "summary": both(u, "summary"),
            "description": both(u, "description"),
        }
        for u in cat.unofficial_for(number)
    ]
    return record


def api_files(cat: Catalog, site: SiteMap, site_url: str) -> dict[str, object]:
    """{path below the site root: JSON value} for every file of the API."""
    records = [code_record(cat, site, n, site_url) for n in cat.numbers()]
    catalogue = {
        "version": 1,
        "registry_checked": cat.meta.registry_checked.isoformat(),
        "registry": cat.meta.registry_url,
        "libraries": {key: lib.model_dump() for key, lib in cat.libraries.items()},
        "classes": [
            {"id": b.id, "range": list(b.range), "name": both(b, "name"), "summary": both(b, "summary")}
            for b in cat.classes
        ],
        "codes": records,
    }
    files: dict[str, object] = {"api/v1/codes.json": catalogue, "api/v1/schema.json": json.loads(SCHEMA.read_text())}
    for record in records:
        files[f"api/v1/codes/{record['code']}.json"] = record
    return files


def write_api(folder: Path, cat: Catalog, site: SiteMap, site_url: str) -> None:
    for rel, value in api_files(cat, site, site_url).items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
