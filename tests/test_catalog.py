"""The loader and validator: the real catalogue loads, and broken ones are reported completely."""

from __future__ import annotations

import http
from pathlib import Path

import pytest

from scripts.catalog import CatalogError, load_catalog

FIXTURES = Path(__file__).parent / "fixtures"

SEED_CODES = [
    100,
    101,
    200,
    201,
    202,
    203,
    204,
    301,
    302,
    304,
    400,
    401,
    402,
    403,
    404,
    405,
    407,
    408,
    410,
    412,
    414,
    500,
    501,
    503,
    504,
    505,
]


def test_real_catalogue_has_the_seed_codes_and_questions(catalog):
    numbers = {c.code for c in catalog.registered()}
    assert set(SEED_CODES) <= numbers
    slugs = {f.slug for f in catalog.faq}
    assert {"login-failure", "expired-token", "301-vs-302", "401-vs-403"} <= slugs


def test_seed_facts_are_corrected(catalog):
    assert catalog.code(302).phrase == "Found"
    assert catalog.code(503).phrase == "Service Unavailable"
    assert catalog.code(414).phrase == "URI Too Long"
    assert "Request-URI Too Long" in [f.phrase for f in catalog.code(414).former_phrases]
    faq = {f.slug: f for f in catalog.faq}
    assert "400" in faq["login-failure"].ko.answer and "400" in faq["login-failure"].en.answer
    assert "401" in faq["expired-token"].ko.answer and "401" in faq["expired-token"].en.answer


def test_all_registered_codes_are_present(catalog):
    registered = catalog.registered()
    assert len(registered) == 64
    counts = {b.id: sum(1 for c in registered if b.range[0] <= c.code <= b.range[1]) for b in catalog.classes}
    assert counts == {"1xx": 5, "2xx": 10, "3xx": 9, "4xx": 29, "5xx": 11}  # IANA, October 2025
    assert [c.code for c in registered if c.status != "permanent"] == [102, 104, 305, 306, 418, 510]


def test_python_http_status_agrees_with_the_catalogue(catalog):
    """A cross-check against a reference we did not write: every member of the running Python's
    http.HTTPStatus is a registered code here, its phrase is the current or a former one, and the
    data names it in the "Names in code" section."""
    for status in http.HTTPStatus:
        entry = catalog.code(status.value)
        assert entry is not None, status
        phrases = {entry.phrase, entry.phrase.removesuffix(" (OBSOLETED)")} | {f.phrase for f in entry.former_phrases}
        if entry.status != "unused":  # 418: IANA "(Unused)", Python "I'm a Teapot"
            assert status.phrase in phrases, status
        python_names = [n.name for n in catalog.names_for(status.value) if n.lib == "python"]
        assert f"HTTPStatus.{status.name}" in python_names, status


def test_broken_catalogue_reports_every_problem_once_in_file_order():
    with pytest.raises(CatalogError) as caught:
        load_catalog(FIXTURES / "broken.toml")
    assert caught.value.problems == [
        "tests/fixtures/broken.toml:1: guide: the decision guide needs at least one step",
        "tests/fixtures/broken.toml:3: extra_section: unknown key",
        "tests/fixtures/broken.toml:7: meta.registry_url: malformed value 'http://insecure.example/registry': expected an https:// URL",
        "tests/fixtures/broken.toml:13: ui.en.only_ko: missing English text",
        "tests/fixtures/broken.toml:16: classes: must define 1xx, 2xx, 3xx, 4xx and 5xx once each (found 9xx)",
        "tests/fixtures/broken.toml:17: classes[9xx].id: malformed value '9xx': expected a class id from 1xx to 5xx",
        "tests/fixtures/broken.toml:29: codes[901].code: 901 is outside 100-599",
        "tests/fixtures/broken.toml:32: codes[901].spec: malformed value 'RFC 9110 section 15': expected a spec reference like RFC9110#15.5.2, RFC8297 or draft-name-00",
        "tests/fixtures/broken.toml:33: codes[901].related[0]: refers to 902, which is not a registered code in this file",
        "tests/fixtures/broken.toml:33: codes[901].related[1]: refers to 999, which is not a registered code in this file",
        "tests/fixtures/broken.toml:34: codes[901].cache: 'sometimes' is not one of 'heuristic', 'explicit', 'never', 'not-by-default' or 'interim'",
        "tests/fixtures/broken.toml:36: codes[901].colour: unknown key",
        "tests/fixtures/broken.toml:39: codes[901].ko.summary: empty text (Korean)",
        "tests/fixtures/broken.toml:44: codes[901].en.mistakes: missing English text",
        "tests/fixtures/broken.toml:46: codes[901].en.description: link target 'javascript:alert(1)' must be https:// or a site page like /codes/404/",
        "tests/fixtures/broken.toml:55: codes[901].code: 901 is outside 100-599",
        "tests/fixtures/broken.toml:55: codes[901].code: duplicate entry for 901",
        "tests/fixtures/broken.toml:59: codes[901].related[0]: a code cannot refer to itself",
        "tests/fixtures/broken.toml:65: codes[901].ko.description: link to /codes/998/, which has no page",
        'tests/fixtures/broken.toml:76: codes[902].unofficial: a number outside the registry (status = "unassigned") needs at least one unofficial meaning',
        "tests/fixtures/broken.toml:77: codes[902].code: 902 is outside 100-599",
        "tests/fixtures/broken.toml:80: codes[902].names[FIXTURE].lib: unknown library 'cobol' (not in [libraries])",
        "tests/fixtures/broken.toml:83: faq[Not A Slug].en: missing English texts",
        "tests/fixtures/broken.toml:84: faq[Not A Slug].slug: malformed value 'Not A Slug': expected lowercase letters, digits and single hyphens",
        "tests/fixtures/broken.toml:106: faq[twice].slug: duplicate FAQ slug 'twice'",
        "tests/fixtures/broken.toml:107: faq[twice].related[0]: refers to 777, which has no page",
        "tests/fixtures/broken.toml:108: faq[twice].sources: needs at least one normative source",
    ]
    assert str(caught.value).endswith("27 problem(s) found")


def test_syntax_error_names_line_and_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("bad.toml").write_text('[meta]\nregistry_checked = 2026-11-28\nregistry_url = "https://x\n', encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog("bad.toml")
    assert caught.value.problems[0].startswith("bad.toml:3:")
    assert "TOML syntax error" in caught.value.problems[0]
