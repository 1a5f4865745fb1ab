"""Names in code are the libraries' own: the catalogue agrees with the names read from each
library's source (data/names-sources.json, written by `python -m tools.names_sources`)."""

from __future__ import annotations

import json
from pathlib import Path

from tools.names_sources import differences

SOURCES = json.loads(
    (Path(__file__).resolve().parent.parent / "data" / "names-sources.json").read_text(encoding="utf-8")
)


def test_every_library_has_a_recorded_source_with_its_version(catalog):
    for lib, library in catalog.libraries.items():
        record = SOURCES[lib]
        assert record["version"] and record["names"], lib
        assert record["version"].split(" ")[0] in library.version, (lib, library.version, record["version"])


def test_names_agree_with_the_recorded_sources(catalog):
    found = differences(catalog, SOURCES)
    assert found == [], "\n".join(found)


def test_a_wrong_name_is_found(catalog):
    """The comparison can fail: a Spring 6 name shown as current, a deprecation left out, a
    name the source has and the catalogue lacks."""
    entry = catalog.code(421)
    spring = next(n for n in entry.names if n.lib == "spring")
    wrong = [n for n in entry.names if n is not spring]
    wrong.append(spring.model_copy(update={"name": "HttpStatus.DESTINATION_LOCKED", "state": "current"}))
    code = entry.model_copy(update={"names": tuple(wrong)})
    teapot = catalog.code(418)
    teapot = teapot.model_copy(update={"names": tuple(
        n.model_copy(update={"state": "current", "deprecated_since": ""}) if n.lib == "spring" else n for n in teapot.names
    )})  # fmt: skip
    changed = catalog.model_copy(update={"codes": tuple(
        code if c.code == 421 else teapot if c.code == 418 else c for c in catalog.codes
    )})  # fmt: skip
    found = differences(changed, SOURCES)
    assert any(f.startswith("spring 421 HttpStatus.DESTINATION_LOCKED: ") for f in found), found
    assert "spring 421 HttpStatus.MISDIRECTED_REQUEST: in 7.0.9, missing here" in found
    assert any(f.startswith("spring 418 HttpStatus.I_AM_A_TEAPOT: deprecated is True") for f in found), found
