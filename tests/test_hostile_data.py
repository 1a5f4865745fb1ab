"""Hostile data cannot reach a page. A pull request to data/codes.toml is input from a stranger:
each case below is what an attacker or a careless contributor might send. Every one is refused
with the file, line, entry and field, or (the last test) rendered as literal text with nothing
dangerous in the built site. The validator parses and allow-lists (scripts/markup.py); the build
then checks its own output (scripts/gate.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from catalogs import ENTRY, FAQ, GUIDE, MEANING, SMALL, UNOFFICIAL, entry, refuse, tree_digest

from scripts import gate, generate
from tools.bench import PATHOLOGICAL
from tools.devserver import copy_project


def t(text: str) -> str:
    """A TOML string holding exactly `text`."""
    return json.dumps(text, ensure_ascii=True)


def en(field: str, text: str) -> str:
    """The small catalogue plus the fixture entry 299 whose English `field` is `text`."""
    return SMALL + entry(**{f"en__{field}": t(text)})


def ko(field: str, text: str) -> str:
    return SMALL + entry(**{f"ko__{field}": t(text)})


def ui(key: str, value: str, lang: str = "ko") -> str:
    """The small catalogue with the interface string `key` of `lang` replaced."""
    block = SMALL.index(f"[ui.{lang}]")
    start = SMALL.index(f"\n{key} = ", block) + 1
    end = SMALL.index("\n", start)
    return SMALL[:start] + f"{key} = {t(value)}" + SMALL[end:]


def step(ident: str) -> str:
    """The small catalogue plus a decision step `ident` that the first step leads to."""
    extra = f'\n[[guide]]\nid = "{ident}"\nyes = "code:200"\nno = "code:500"\n'
    extra += '[guide.ko]\nquestion = "질문인가요?"\nhint = "힌트입니다."\n[guide.en]\nquestion = "A question?"\nhint = "A hint."\n'
    return SMALL.replace('id = "start"\nyes = "code:200"', f'id = "start"\nyes = "{ident}"', 1) + extra


JS = "javascript:alert(1)"
SCRIPT_OR_SITE = "must be https:// or a site page"

CASES = {
    # ---- links that would run script or leave the site -----------------------------------------
    "javascript link": (en("use", f"[x]({JS})"), SCRIPT_OR_SITE),
    "javascript link with a single-quoted title": (en("use", f"[x]({JS} 'title')"), SCRIPT_OR_SITE),
    "javascript link with a parenthesised title": (en("use", f"[x]({JS} (title))"), SCRIPT_OR_SITE),
    "javascript link in mixed case": (en("use", "[x](JaVaScRiPt:alert(1))"), SCRIPT_OR_SITE),
    "javascript link after a space": (en("use", f"[x]( {JS})"), SCRIPT_OR_SITE),
    "javascript link in angle brackets": (en("use", f"[x](<{JS}>)"), SCRIPT_OR_SITE),
    "javascript reference definition": (en("use", f"[x][a]\n\n[a]: {JS}"), SCRIPT_OR_SITE),
    "javascript reference definition in a list item": (en("use", f"- [x][a]\n\n    [a]: {JS}"), SCRIPT_OR_SITE),
    "javascript link with an entity": (en("use", "[x](java&#115;cript:alert(1))"), SCRIPT_OR_SITE),
    "data URL link": (en("use", "[x](data:text/html;base64,PHNjcmlwdD4=)"), SCRIPT_OR_SITE),
    "vbscript link": (en("use", "[x](vbscript:msgbox(1))"), SCRIPT_OR_SITE),
    "mailto link": (en("use", "[x](mailto:someone@example.com)"), SCRIPT_OR_SITE),
    "protocol-relative link": (en("use", "[x](//evil.example/)"), SCRIPT_OR_SITE),
    "link with a title attribute": (en("use", '[x](https://example.com/ "title")'), "attribute title on <a>"),
    "link to a site page with a title": (en("use", '[x](/codes/404/ "t")'), "attribute title on <a>"),
    "link climbing out of the site": (en("use", "[x](../../etc/passwd)"), SCRIPT_OR_SITE),
    "link with a quote in its target": (
        en("use", '[x](https://example.com/"onmouseover=alert(1))'),
        SCRIPT_OR_SITE,
    ),
    "link to a page that does not exist": (en("use", "[x](/codes/298/)"), "link to /codes/298/, which has no page"),
    "link to a section that does not exist": (
        en("use", "[x](/codes/404/#nope)"),
        "/codes/404/#nope, which is not a section",
    ),
    "link to a question that does not exist": (en("use", "[x](/faq/nope/)"), "link to /faq/nope/, which has no page"),
    "link to a guide step that does not exist": (
        en("use", "[x](/guide/#nope)"),
        "/guide/#nope, which is not a section",
    ),
    "image": (en("use", "![x](https://example.com/x.png)"), "<img> is not allowed"),
    "image with a javascript source": (en("use", f"![x]({JS})"), "<img> is not allowed"),
    "more than thirty links": (en("use", " ".join(["[x](https://example.com/)"] * 31)), "more than 30 links"),
    "a hundred and one brackets": (en("use", "[" * 101), "more than 100 '[' characters"),
    # ---- structure a text may not have ---------------------------------------------------------
    "heading in a text": (en("use", "# Big"), "<h1> is not allowed"),
    "table in a text": (en("description", "a | b\n--- | ---\n1 | 2"), "<table> is not allowed"),
    "table in a summary": (en("summary", "a | b\n--- | ---\n1 | 2"), "'|' is not allowed"),
    "code block in a text": (en("description", "```\ncode\n```"), "<pre> is not allowed"),
    "indented code block in a text": (en("description", "Text.\n\n    code"), "<pre> is not allowed"),
    "admonition in a text": (en("description", "!!! note\n    Boo."), "<div> is not allowed"),
    "horizontal rule in a text": (en("description", "a\n\n---\n\nb"), "<hr> is not allowed"),
    "quote in a text": (en("description", "> quoted"), None),  # `>` is escaped: shown as text
    "list in a summary": (en("summary", "- one\n- two"), "<ul> is not allowed in a text shown in a table"),
    "two paragraphs in a summary": (en("summary", "One.\n\nTwo."), "must be a single paragraph"),
    "pipe that would split a table row": (en("summary", "Left | right"), "'|' is not allowed"),
    "pipe in a header note": (
        SMALL + ENTRY + '\n[[codes.headers]]\nname = "X-Test"\nlevel = "MAY"\ndirection = "response"\n'
        'spec = "RFC9110#15.1"\nko = "가 | 나"\nen = "a"\n',
        "codes[299].headers[X-Test].ko: '|' is not allowed",
    ),
    "deeply nested list": (
        en("description", "- a\n    - b\n        - c\n            - d\n                - e"),
        "nested more than 3 levels",
    ),
    "thousands of nested quotes": (en("description", ">" * 4000), "text is 4000 characters long"),
    "nested quotes within the length limit": (en("description", "> " * 100 + "x"), "nested more than 3 levels"),
    "over-long text": (en("description", "word " * 700), "at most 3000 are allowed"),
    # ---- one-line fields -----------------------------------------------------------------------
    "line break in a reason phrase": (
        SMALL + entry(phrase=t("Not\nFound")),
        "codes[299].phrase: must be a single line",
    ),
    "link in a reason phrase": (
        SMALL + entry(phrase=t("[Fixture](https://evil.example/)")),
        "codes[299].phrase: <a> is not allowed",
    ),
    "pipe in a reason phrase": (SMALL + entry(phrase=t("Fix | ture")), "codes[299].phrase: '|' is not allowed"),
    "backticks in a reason phrase": (
        SMALL + entry(phrase=t("``<img src=x onerror=alert(1)>``")),
        "codes[299].phrase: a reason phrase is",
    ),
    "emphasis markers in a reason phrase": (
        SMALL + entry(phrase=t("*Fixture*")),
        "codes[299].phrase: a reason phrase is",
    ),
    "line break in a Korean name": (ko("name", "시험\n용"), "codes[299].ko.name: must be a single line"),
    "link in a question": (
        SMALL + FAQ.replace('question = "Is this a test question?"', f"question = {t('[Q](https://evil.example/)')}"),
        "faq[fixture-question].en.question: <a> is not allowed",
    ),
    "line break in an other name": (
        SMALL + entry(ko__name='"시험용"\naka = ["가\\n나"]', en__summary='"A test entry."\naka = ["x"]'),
        "codes[299].ko.aka[0]: must be a single line",
    ),
    "link in a vendor": (
        SMALL + UNOFFICIAL.replace('vendor = "Example Proxy"', f"vendor = {t('[Proxy](https://evil.example/)')}"),
        ".vendor: <a> is not allowed",
    ),
    "backtick in a name in code": (
        SMALL + entry(example='""\nnames = [{ lib = "python", name = "HTTPStatus.X`" }]'),
        "codes[299].names[HTTPStatus.X`].name: a name in code is",
    ),
    "pipe in a name in code": (
        SMALL + entry(example='""\nnames = [{ lib = "python", name = "A|B" }]'),
        "codes[299].names[A|B].name: a name in code is",
    ),
    "markup in a name in code": (
        SMALL + entry(example='""\nnames = [{ lib = "python", name = "<b>X</b>" }]'),
        "a name in code is",
    ),
    "line break in an interface string": (ui("copy_url", "URL\n복사"), "ui.ko.copy_url: must be a single line"),
    "link in an interface string": (
        ui("sec_link", "[x](https://evil.example/)", "en"),
        "ui.en.sec_link: <a> is not allowed",
    ),
    "javascript link in an interface text": (ui("home_lead", f"[x]({JS})"), "ui.ko.home_lead: link target"),
    # ---- invisible and control characters ------------------------------------------------------
    "text of zero-width spaces": (en("use", "\u200b\u200b\u200b"), "text has no visible characters"),
    "text of no-break spaces": (en("use", "\u00a0\u00a0"), "empty text (English)"),
    "NUL in a text": (en("use", "a\x00b"), "control or invisible formatting characters are not allowed (U+0000)"),
    "DEL in a text": (en("use", "a\x7fb"), "(U+007F)"),
    "escape character in a text": (en("use", "a\x1b[31mb"), "(U+001B)"),
    "bidirectional override in a text": (en("use", "abc\u202edef"), "(U+202E)"),
    "byte-order mark inside a text": (en("use", "a\ufeffb"), "(U+FEFF)"),
    "NUL in a reason phrase": (SMALL + entry(phrase=t("Fix\x00ture")), "codes[299].phrase: control or invisible"),
    "control character in an example": (
        SMALL + entry(example=t("GET / HTTP/1.1\x08\n")),
        "codes[299].example: control or invisible",
    ),
    "control character in an interface string": (ui("copy_url", "URL\x07"), "ui.ko.copy_url: control or invisible"),
    "invalid UTF-8": (None, "codes.toml:1:"),  # written as bytes below
    # ---- values that could break out of where they are placed ----------------------------------
    "vendor source closing the link early": (
        SMALL + UNOFFICIAL.replace("https://example.com/docs/597", f"https://example.com/)[x]({JS}"),
        ".source: malformed value",
    ),
    "vendor source with a space": (
        SMALL + UNOFFICIAL.replace("https://example.com/docs/597", "https://example.com/a b"),
        ".source: malformed value",
    ),
    "vendor source with a quote": (
        SMALL + UNOFFICIAL.replace("https://example.com/docs/597", 'https://example.com/\\"x'),
        ".source: malformed value",
    ),
    "spec reference with a line break": (SMALL + entry(spec=t("RFC9110\n")), "codes[299].spec: malformed value"),
    "slug with a slash": (SMALL + FAQ.replace("fixture-question", "../codes"), "slug: malformed value"),
    # ---- pages and sections that would overwrite others ----------------------------------------
    "question slugged index": (
        SMALL + FAQ.replace("fixture-question", "index"),
        "faq[index].slug: the page /faq/index/ would overwrite /faq/",
    ),
    "question slugged title": (
        SMALL + FAQ.replace("fixture-question", "title"),
        "the id #title appears twice on /faq/",
    ),
    "guide step called title": (step("title"), "guide[title].id: the id #title appears twice on /guide/"),
    "guide step called diagram": (step("diagram"), "the id #diagram appears twice on /guide/"),
    "two vendors with the same section id": (
        SMALL + UNOFFICIAL + MEANING.replace("Example Proxy", "example-proxy"),
        "the id #unofficial-example-proxy appears twice on /codes/597/",
    ),
    "redirect from an existing page": (
        SMALL + '\n[redirects]\n"codes/404/" = "codes/410/"\n',
        "redirects.codes/404/: a page lives at this path",
    ),
    "redirect over an English page": (
        SMALL + '\n[redirects]\n"en/codes/404/" = "codes/410/"\n',
        "redirects.en/codes/404/: a page lives at this path",
    ),
    "redirect into the theme's assets": (
        SMALL + '\n[redirects]\n"assets/" = "codes/410/"\n',
        "redirects.assets/: this path belongs to the site itself",
    ),
    "redirect to nowhere": (
        SMALL + '\n[redirects]\n"old/" = "codes/298/"\n',
        "target 'codes/298/' is not a page of the site",
    ),
    # ---- what used to pass validation and then fail the build ----------------------------------
    "empty decision guide": (
        SMALL.replace(GUIDE, ""),
        "the decision guide needs at least one step",
    ),
    "interface string missing in both languages": (
        SMALL.replace('sec_link = "이 페이지 링크"\n', "").replace('sec_link = "Link to this page"\n', ""),
        "ui.ko.sec_link: missing interface string",
    ),
    "template placeholder in a text": (en("use", "__SITE_URL__ and {{ config }}"), None),  # accepted, shown as text
}


def test_there_are_at_least_sixty_hostile_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("name", [name for name, (_, expected) in CASES.items() if expected])
def test_hostile_catalogue_is_refused_with_its_place(name, tmp_path, docs, capsys, monkeypatch):
    text, expected = CASES[name]
    monkeypatch.chdir(tmp_path)
    if text is None:  # invalid UTF-8
        Path("codes.toml").write_bytes(b"# \xff\xfe\n" + SMALL.encode("utf-8"))
        assert generate.main(["--check", "--data", "codes.toml"]) == 1
        err = capsys.readouterr().err
        assert "codes.toml:1:3: not valid UTF-8 (byte 0xff)" in err
        return
    err = refuse(text, docs, capsys)
    assert expected in err, err
    assert "Traceback" not in err


def test_the_small_catalogue_is_valid_and_its_empty_guide_case_has_no_step(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("codes.toml").write_text(SMALL + ENTRY + UNOFFICIAL + FAQ, encoding="utf-8")
    assert generate.main(["--check", "--data", "codes.toml"]) == 0
    assert "[[guide]]" not in CASES["empty decision guide"][0]


def test_text_that_looks_like_a_placeholder_is_accepted(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("codes.toml").write_text(CASES["template placeholder in a text"][0], encoding="utf-8")
    assert generate.main(["--check", "--data", "codes.toml"]) == 0


# Pathological inputs, each the largest the limits let through to Markdown: checking them must not
# run away. They run in a subprocess with a generous timeout, which turns a hang (runaway
# backtracking, recursion) into a failure; the time itself is measured by `make bench`, not here.
CHECK_ALL = """
import json, sys
from scripts.markup import allowed_html
for text in json.load(sys.stdin):
    print(allowed_html(text, "prose", frozenset({"codes/404/"}), lambda path: None))
"""


def test_pathological_input_is_checked_without_running_away():
    result = subprocess.run(
        [sys.executable, "-c", CHECK_ALL], input=json.dumps(list(PATHOLOGICAL.values())),
        cwd=Path(generate.ROOT), capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert len(result.stdout.splitlines()) == len(PATHOLOGICAL)


# ---- the last gate ------------------------------------------------------------------------------


def test_gate_finds_what_must_never_be_in_a_page(tmp_path):
    page = '<html><body><div id="a"></div><article class="md-content__inner">{}</article></body></html>'
    bad = {
        "<script>alert(1)</script>": "<script> in the content",
        '<a href="javascript:alert(1)">x</a>': "has the scheme javascript:",
        '<a href=" JaVa&#x09;Script:alert(1)">x</a>': "has the scheme javascript:",
        '<img src="data:image/png;base64,AA" alt="">': "has the scheme data:",
        '<span onmouseover="x()">x</span>': "event-handler attribute onmouseover",
        '<iframe src="https://example.com/"></iframe>': "<iframe> in the content",
        '<div id="a"></div>': "the id #a appears 2 times",
        "text with a \x00 NUL": "a control character",
    }
    for html, expected in bad.items():
        assert any(expected in p for p in gate.check_html(page.format(html))), html
    assert gate.check_html(page.format('<p><a href="https://example.com/">ok</a> <code>&lt;b&gt;</code></p>')) == []
    # Outside the content area the theme's own scripts are allowed.
    assert gate.check_html('<html><head><script src="x.js"></script></head><article></article></html>') == []
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "ko.json").write_text(
        json.dumps({"docs": [{"location": "x/", "title": "t", "text": "<img src=x onerror=alert(1)>"}]})
    )
    assert gate.scan(tmp_path) == ["search/ko.json: x/: event-handler attribute onerror on <img>"]


@pytest.mark.slow
def test_a_build_that_fails_the_gate_leaves_the_previous_site(tmp_path):
    """A theme or template change that lets a handler through fails the build; site/ stays."""
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    build = [sys.executable, "-m", "scripts.build"]
    subprocess.run(build, cwd=project, env=env, check=True, capture_output=True)
    before = tree_digest(project / "site")
    template = project / "scripts" / "templates" / "faq.md.j2"
    template.write_text(
        template.read_text(encoding="utf-8") + '\n<span onclick="alert(1)">x</span>\n', encoding="utf-8"
    )
    result = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "failed the last check" in result.stdout + result.stderr
    assert "event-handler attribute onclick on <span>" in result.stdout + result.stderr
    assert tree_digest(project / "site") == before


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__()
        self.handlers, self.labels = [], []

    def handle_starttag(self, tag, attrs):
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self.labels += [value for name, value in attrs if name == "aria-label"]


@pytest.mark.slow
def test_hostile_text_that_is_allowed_is_shown_literally(tmp_path):
    """Payloads the validator accepts as plain text reach the pages as text, in every place a
    value is printed: Markdown, tables, attributes, the not-found page and the search index."""
    project = copy_project(tmp_path / "project")
    data = project / "data" / "codes.toml"
    payload = '<img src=x onerror=alert(1)> "><svg onload=alert(2)> {: onclick="alert(3)" } <script>alert(4)</script>'
    text = (
        entry(
            en__description=t(f"`a`\n\n{payload}\n\n`b` and ``<b>`` and {{{{ 7*7 }}}} {{% raw %}}"),
            en__summary=t("<img src=x onerror=alert(5)> summary"),
            en__use=t("Spans across a blank line: `a\n\n<img src=x onerror=alert(6)>\n\nb`."),
        )
        + UNOFFICIAL
    )
    hostile = data.read_text(encoding="utf-8") + text
    hostile = hostile.replace('guide_diagram = "At a glance"', f"guide_diagram = {t(payload)}")
    hostile = hostile.replace('not_found_title = "Page not found"', f"not_found_title = {t(payload)}")
    hostile = hostile.replace('sec_link = "Link to this page"', f"sec_link = {t(payload)}")
    data.write_text(hostile, encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "scripts.build"], cwd=project, env=env, check=True, capture_output=True)
    site = project / "site"
    assert gate.scan(site) == []
    for page in ("en/codes/299/index.html", "en/guide/index.html", "en/codes/2xx/index.html", "404.html"):
        html = (site / page).read_text(encoding="utf-8")
        seen = _Attributes()
        seen.feed(html)
        assert seen.handlers == [], page
    code = (site / "en/codes/299/index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in code and "&lt;script&gt;alert(4)&lt;/script&gt;" in code
    assert "{{ 7*7 }}" in code.replace("&#123;", "{").replace("&#125;", "}")
    assert "&lt;img src=x onerror=alert(6)&gt;" in code
    # In an attribute, the whole payload is the attribute's value (as a browser parses it).
    guide = _Attributes()
    guide.feed((site / "en/guide/index.html").read_text(encoding="utf-8"))
    assert payload in guide.labels
