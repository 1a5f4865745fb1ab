"""Bad data never ships: each malformed catalogue below is refused with a message naming the file,
the entry and the field, and leaves both the generated pages and the built site untouched."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from catalogs import DATA, ENTRY, FAQ, MEANING, SMALL, UNOFFICIAL, entry, refuse, replace, tree_digest

from scripts import generate
from tools.devserver import copy_project


def example(text: str) -> str:
    return SMALL + entry(example=json.dumps(text))


def both(ko: str, en: str) -> str:
    """The fixture entry with its `use` text in both languages."""
    return SMALL + entry(ko__use=json.dumps(ko), en__use=json.dumps(en))


def asking(answer_codes: str, yes: str) -> str:
    """The small catalogue with the fixture question answering `answer_codes` and a first guide
    step that decides that question's situation and ends on `yes`."""
    question = FAQ.replace('slug = "fixture-question"', f'slug = "fixture-question"\nanswer_codes = {answer_codes}')
    guide = SMALL.replace('id = "start"\nyes = "code:200"', f'id = "start"\nyes = "{yes}"\nfaq = "fixture-question"')
    return guide + question


CASES = {
    "word for visitors in one language only": (
        SMALL + entry(ko__summary='"시험용 항목입니다."\nvisitor = "방문자용 설명입니다."'),
        "codes[299].en.visitor: the word for visitors must be given in both languages or neither",
    ),
    # Korean that is exact about requirement words (BCP 14), one term per concept, particles
    "MUST missing in Korean": (
        both("서버는 보냅니다.", "A server MUST send it."),
        "codes[299].ko.use: requirement words differ: English MUST, Korean none",
    ),
    "MUST without 반드시": (
        both("서버는 보내야 합니다(MUST).", "A server MUST send it."),
        "a MUST sentence says 반드시",
    ),
    "MUST NOT written like a plain prohibition": (
        both("서버는 보내면 안 됩니다(MUST NOT).", "A server MUST NOT send it."),
        "(MUST NOT) follows a predicate that does not read as MUST NOT",
    ),
    "SHOULD written as a duty": (
        both("서버는 보내야 합니다(SHOULD).", "A server SHOULD send it."),
        "(SHOULD) follows a predicate that does not read as SHOULD",
    ),
    "SHOULD NOT written as a prohibition": (
        both("서버는 보내서는 안 됩니다(SHOULD NOT).", "A server SHOULD NOT send it."),
        "(SHOULD NOT) follows a predicate",
    ),
    "MAY written as a permission": (
        both("서버는 보내도 됩니다(MAY).", "A server MAY send it."),
        "(MAY) follows a predicate that does not read as MAY",
    ),
    "SHOULD shown as MUST": (
        both("서버는 반드시 보내야 합니다(MUST).", "A server SHOULD send it."),
        "requirement words differ: English SHOULD, Korean MUST",
    ),
    "Korean marker the English lacks": (
        both("서버는 보낼 수 있습니다(MAY).", "A server can send it."),
        "requirement words differ: English none, Korean MAY",
    ),
    "반드시 where the English has no MUST": (both("반드시 확인하십시오.", "Check it."), "반드시 is kept for MUST"),
    "advice that reads as a rule": (
        both("캐시를 끄는 것이 좋습니다.", "Turn the cache off."),
        "a requirement ending without its marker",
    ),
    "avoided spelling of a glossary term": (
        SMALL
        + '\n[[glossary]]\nid = "redirection"\nen = "redirection"\nko = "리디렉션"\navoid = ["리다이렉트"]\n'
        + entry(ko__use='"리다이렉트를 씁니다."'),
        "codes[299].ko.use: uses '리다이렉트'; the glossary's term is '리디렉션'",
    ),
    "particle that does not follow the reading": (
        SMALL + entry(ko__description='"[200 OK](/codes/200/)을 봅니다."'),
        "[200 OK]을: read aloud, 'OK' takes 를",
    ),
    # example exchanges that are not HTTP/1.1 a reader could copy
    "request content without framing": (
        example(
            'POST /orders HTTP/1.1\nHost: a.example\nContent-Type: application/json\n\n{"id": 1}\n\nHTTP/1.1 201 Created\nContent-Length: 0\n'
        ),
        "codes[299].example: message 1 (POST /orders HTTP/1.1): content without Content-Length or Transfer-Encoding",
    ),
    "wrong Content-Length": (
        example("GET / HTTP/1.1\nHost: a.example\n\nHTTP/1.1 200 OK\nContent-Length: 4\n\nhello\n"),
        "message 2 (HTTP/1.1 200 OK): Content-Length is 4, but the content is 5 bytes",
    ),
    "elided content without its size": (
        example("GET / HTTP/1.1\nHost: a.example\n\nHTTP/1.1 200 OK\nContent-Length: 4000\n\n[... the page ...]\n"),
        "an elided body states its size",
    ),
    "header line without a colon": (
        example("GET / HTTP/1.1\nHost a.example\n\nHTTP/1.1 204 No Content\n"),
        "message 1 (GET / HTTP/1.1): not valid HTTP/1.1",
    ),
    "content after a 204": (
        example("GET / HTTP/1.1\nHost: a.example\n\nHTTP/1.1 204 No Content\n\nsurprise\n"),
        "this response has no content, but content follows it",
    ),
    # the guide and the questions say the same thing
    "guide step contradicting its question": (
        asking("[404]", "code:200"),
        "guide[start].yes: ends on 200, but the question 'fixture-question' answers 404",
    ),
    "guide step naming a question without answer codes": (
        asking("[]", "code:404"),
        "states no answer_codes to agree with",
    ),
    "guide step naming a missing question": (
        SMALL.replace('id = "start"\nyes = "code:200"', 'id = "start"\nyes = "code:200"\nfaq = "nope"'),
        "guide[start].faq: names the question 'nope', which does not exist",
    ),
    "answer code that is not registered": (
        asking("[298]", "code:404"),
        "faq[fixture-question].answer_codes[0]: 298 is not a registered code",
    ),
    # syntax
    "unclosed string": (SMALL + '\n[meta2]\nx = "open\n', "TOML syntax error"),
    "table declared twice": (SMALL + "\n[meta]\nregistry_checked = 2026-01-01\n", "TOML syntax error"),
    "bare word value": (SMALL + ENTRY.replace('phrase = "Fixture"', "phrase = Fixture"), "TOML syntax error"),
    # wrong types
    "code as a string": (SMALL + entry(code='"299"'), "codes[299].code: Input should be a valid integer"),
    "related not a list": (SMALL + entry(related="200"), "codes[299].related: "),
    "sent as a string": (
        SMALL + UNOFFICIAL.replace("sent = true", 'sent = "yes"'),
        "codes[597].unofficial[Example Proxy].sent: ",
    ),
    "phrase as a number": (SMALL + entry(phrase="299"), "codes[299].phrase: "),
    "range with strings": (replace("range = [100, 199]", 'range = ["100", "199"]'), "classes[1xx].range"),
    # missing translations and empty texts
    "missing English summary": (SMALL + entry(en__summary=None), "codes[299].en.summary: missing English text"),
    "missing Korean name": (SMALL + entry(ko__name=None), "codes[299].ko.name: missing Korean text"),
    "missing English block of a question": (
        SMALL + FAQ[: FAQ.index("[faq.en]")],
        "faq[fixture-question].en: missing English texts",
    ),
    "empty Korean text": (SMALL + entry(ko__use='""'), "codes[299].ko.use: empty text (Korean)"),
    "blank English text": (SMALL + entry(en__avoid='"   "'), "codes[299].en.avoid: empty text (English)"),
    "interface string in one language only": (
        replace('copy_url = "Copy URL"\n', ""),
        "ui.en.copy_url: missing English text",
    ),
    # unknown fields
    "unknown field in an entry": (SMALL + entry(example='""\ncolour = "red"'), "codes[299].colour: unknown key"),
    "unknown field in a text block": (
        SMALL + entry(en__mistakes='"None."\ntone = "dry"'),
        "codes[299].en.tone: unknown key",
    ),
    "unknown section": (SMALL + "\n[extras]\nx = 1\n", "extras: unknown key"),
    # duplicates
    "duplicate code": (SMALL + entry(code="404", phrase='"Not Found"'), "codes[404].code: duplicate entry for 404"),
    "duplicate question slug": (
        DATA + FAQ.replace("fixture-question", "login-failure"),
        "faq[login-failure].slug: duplicate FAQ slug",
    ),
    "duplicate unofficial meaning": (
        SMALL + UNOFFICIAL + MEANING,
        "codes[597].unofficial[Example Proxy].vendor: a second meaning of 597 by Example Proxy",
    ),
    "unassigned number without a meaning": (
        SMALL + UNOFFICIAL.replace(MEANING, ""),
        'codes[597].unofficial: a number outside the registry (status = "unassigned") needs',
    ),
    "unassigned number with a phrase": (
        SMALL + UNOFFICIAL.replace('status = "unassigned"', 'status = "unassigned"\nphrase = "X"'),
        "codes[597].phrase: unknown key",
    ),
    "duplicate glossary term": (
        DATA + '\n[[glossary]]\nid = "cache"\nen = "cache"\nko = "캐시"\n',
        "glossary[cache].id: duplicate glossary id",
    ),
    # numbers out of range or in the wrong class
    "code above 599": (SMALL + entry(code="600"), "codes[600].code: 600 is outside 100-599"),
    "code below 100": (SMALL + entry(code="99"), "codes[99].code: 99 is outside 100-599"),
    "class with a wrong range": (
        replace("range = [400, 499]", "range = [400, 450]"),
        "classes[4xx].range: must be [400, 499] for 4xx",
    ),
    "code in no class": (
        replace('id = "5xx"\nrange = [500, 599]', 'id = "5xx"\nrange = [510, 599]'),
        "codes[500].code: 500 lies outside the range of every class",
    ),
    # dangling references
    "related code that does not exist": (SMALL + entry(related="[200, 298]"), "codes[299].related[1]: refers to 298"),
    "confused-with code that does not exist": (
        SMALL + ENTRY + '\n[[codes.confused]]\ncode = 297\nko = "가"\nen = "a"\n',
        "codes[299].confused[297].code: refers to 297",
    ),
    "question about a code without a page": (
        SMALL + FAQ.replace("related = [404]", "related = [404, 298]"),
        "faq[fixture-question].related[1]: refers to 298",
    ),
    "link to a page that does not exist": (
        SMALL + entry(en__description='"See [x](/codes/298/)."'),
        "codes[299].en.description: link to /codes/298/, which has no page",
    ),
    "name without a name": (
        SMALL + entry(example='""\nnames = [{ lib = "python" }]'),
        "codes[299].names[#1].name: missing required field",
    ),
    "name from an unknown library": (
        SMALL + entry(example='""\nnames = [{ lib = "cobol", name = "X" }]'),
        "codes[299].names[X].lib: unknown library 'cobol'",
    ),
    # malformed values
    "malformed spec reference": (SMALL + entry(spec='"RFC 9110 section 15"'), "codes[299].spec: malformed value"),
    "malformed section in a spec": (
        SMALL + entry(cache_spec='"RFC9110#fifteen"'),
        "codes[299].cache_spec: malformed value",
    ),
    "slug with capitals": (
        SMALL + FAQ.replace("fixture-question", "Fixture_Question"),
        "faq[Fixture_Question].slug: malformed value",
    ),
    "over-long slug": (
        SMALL + FAQ.replace("fixture-question", "a-" * 20 + "long"),
        ".slug: String should have at most 40 characters",
    ),
    "vendor source over plain http": (
        SMALL + UNOFFICIAL.replace("https://example.com", "http://example.com"),
        "codes[597].unofficial[Example Proxy].source: malformed value",
    ),
    "vendor source that is not a URL": (
        SMALL + UNOFFICIAL.replace("https://example.com/docs/597", "see the docs"),
        "codes[597].unofficial[Example Proxy].source: malformed value",
    ),
    "javascript link": (
        SMALL + entry(ko__description='"[클릭](javascript:alert(1))"'),
        "codes[299].ko.description: link target 'javascript:",
    ),
    "data URL link": (SMALL + entry(en__use='"[x](data:text/html,hi)"'), "codes[299].en.use: link target 'data:"),
    "image in a text": (
        SMALL + entry(en__use='"![x](https://example.com/x.png)"'),
        "codes[299].en.use: <img> is not allowed",
    ),
    "unknown status": (SMALL + entry(status='"retired"'), "codes[299].status: 'retired' is not one of"),
    "unknown cache kind": (SMALL + entry(cache='"sometimes"'), "codes[299].cache: 'sometimes' is not one of"),
    "unknown header level": (
        SMALL
        + ENTRY
        + '\n[[codes.headers]]\nname = "X-Test"\nlevel = "REQUIRED"\ndirection = "response"\nspec = "RFC9110#15.1"\nko = "가"\nen = "a"\n',
        "codes[299].headers[X-Test].level: 'REQUIRED' is not one of",
    ),
    "malformed header name": (
        SMALL
        + ENTRY
        + '\n[[codes.headers]]\nname = "Retry After"\nlevel = "MAY"\ndirection = "response"\nspec = "RFC9110#15.1"\nko = "가"\nen = "a"\n',
        "codes[299].headers[Retry After].name: malformed value",
    ),
    "over-long phrase": (SMALL + entry(phrase='"' + "Very " * 50 + '"'), "codes[299].phrase: "),
    "decision step that loops": (
        replace('id = "partial"\nyes = "code:206"', 'id = "partial"\nyes = "start"'),
        "guide[start]: the path start > created > accepted > content > partial > start loops",
    ),
    "decision step to nowhere": (
        replace('id = "partial"\nyes = "code:206"', 'id = "partial"\nyes = "code:299"'),
        "guide[partial].yes: ends on 299, which is not a registered code",
    ),
    "unused code marked heuristically cacheable": (
        SMALL + entry(status='"unused"', cache='"heuristic"'),
        "codes[299].cache: an unused or obsoleted code",
    ),
    # Comparison tables: every compared code states every fact its table shows, in a known value
    "a compared code without a fact": (
        replace(', browser-post = "becomes-get" }\n', " }\n"),
        "codes[301].facts: the comparison 'redirects' needs this code's fact 'browser-post'",
    ),
    "a fact value no column knows": (
        replace('browser-post = "becomes-get" }\n', 'browser-post = "teleports" }\n'),
        "codes[301].facts: 'teleports' is not a value of the fact 'browser-post' (becomes-get, resent)",
    ),
    "a fact no table shows": (
        replace('browser-post = "becomes-get" }\n', 'browser-post = "becomes-get", colour = "red" }\n'),
        "codes[301].facts.colour: no comparison table shows the fact 'colour'",
    ),
    "a compared number that is not a registered code": (
        replace("codes = [301, 302, 303, 307, 308]", "codes = [301, 302, 303, 307, 308, 499]"),
        "comparisons[redirects].codes[5]: 499 is not a registered code",
    ),
    "a comparison linked from a question that does not exist": (
        replace('faq = ["301-vs-302", "302-vs-303-vs-307"]', 'faq = ["301-vs-302", "no-such-question"]'),
        "comparisons[redirects].faq[1]: no question has the slug 'no-such-question'",
    ),
    "a comparison cell with HTML": (
        replace('ko = "다른 리소스를 가리킴"', 'ko = "![x](https://example.com/x.png)"'),
        "<img> is not allowed",
    ),
    "two comparisons with one id": (
        replace('id = "gateways"', 'id = "redirects"'),
        "duplicate comparison id 'redirects'",
    ),
    # "How to send it" snippets: current names, required headers, comments in both languages
    "a deprecated name in a Spring snippet": (
        replace('HttpStatus.UNPROCESSABLE_CONTENT, "title must', 'HttpStatus.UNPROCESSABLE_ENTITY, "title must'),
        "codes[422].send.snippets.spring: HttpStatus.UNPROCESSABLE_ENTITY is deprecated: use the current name of 422",
    ),
    "a deprecated symbol in a Rails snippet": (
        replace(
            'status: :unprocessable_content, content_type: "application/problem+json"\n  end\nend',
            'status: :unprocessable_entity, content_type: "application/problem+json"\n  end\nend',
        ),
        "codes[422].send.snippets.rails: :unprocessable_entity is deprecated: use the current name of 422",
    ),
    "a name no library has": (
        replace('HttpStatus.UNPROCESSABLE_CONTENT, "title must', 'HttpStatus.UNPROCESSABLE, "title must'),
        "codes[422].send.snippets.spring: HttpStatus.UNPROCESSABLE is not a spring name of any code",
    ),
    "snippets that need not send a MUST header": (
        replace("expect = { WWW-Authenticate = 'Bearer realm=\"api\"' }\n", ""),
        "codes[401].send.expect: WWW-Authenticate is MUST for 401: the snippets send it",
    ),
    "a snippet for a framework the site does not know": (
        replace(
            "rails = '''\nclass ArticlesController < ApplicationController\n  # ko: create!",
            "ruby = '''\nclass ArticlesController < ApplicationController\n  # ko: create!",
        ),
        "codes[422].send.snippets.ruby: 'ruby' is not a framework of [frameworks]",
    ),
    "a Korean comment without its English line": (
        replace(
            "        // en: When an @Valid check fails (MethodArgumentNotValidException), Spring answers 400.\n", ""
        ),
        "codes[422].send.snippets.spring: line 4: a `// ko:` comment is followed by its `// en:` line",
    ),
    "Korean in the shared code": (
        replace('"title must not be empty.")).build();', '"제목이 비었습니다.")).build();'),
        "Korean outside a `// ko:` comment",
    ),
    "a fence inside a snippet": (
        replace('"title must not be empty.")).build();', '"```")).build();'),
        "a snippet may not contain ``` or ~~~",
    ),
    "a snippet request that is not HTTP": (
        replace("request = '''\nGET /me HTTP/1.1\n", "request = '''\nGET /me\n"),
        "codes[401].send.request: an example starts with a request line or a status line",
    ),
    "a snippet comment that states MUST loosely in Korean": (
        replace("메서드를 반드시 Allow 헤더로 알려야 합니다(MUST).", "메서드를 Allow 헤더로 알려야 합니다(MUST)."),
        "codes[405].send.snippets.go: a MUST sentence says 반드시",
    ),
}


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_the_fixture_entries_are_valid_on_their_own(tmp_path, docs):
    good = tmp_path / "codes.toml"
    good.write_text(SMALL + ENTRY + UNOFFICIAL + FAQ, encoding="utf-8")
    assert generate.main(["--check", "--data", str(good)]) == 0


@pytest.mark.parametrize("name", CASES)
def test_malformed_catalogue_is_refused_with_a_precise_message(name, tmp_path, docs, capsys, monkeypatch):
    text, expected = CASES[name]
    monkeypatch.chdir(tmp_path)
    err = refuse(text, docs, capsys)
    assert expected in err, err


@pytest.mark.slow
def test_a_failed_site_build_leaves_the_previous_site_and_pages(tmp_path):
    """The whole pipeline, on a copy of the project: `python -m scripts.build` with broken data."""
    project = tmp_path / "project"
    copy_project(project)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    build = [sys.executable, "-m", "scripts.build"]
    subprocess.run(build, cwd=project, env=env, check=True, capture_output=True)
    site_before, docs_before = tree_digest(project / "site"), tree_digest(project / "docs")

    data = project / "data" / "codes.toml"
    data.write_text(data.read_text(encoding="utf-8") + entry(code="600"), encoding="utf-8")
    result = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "codes[600].code: 600 is outside 100-599" in result.stderr + result.stdout
    assert tree_digest(project / "site") == site_before
    assert tree_digest(project / "docs") == docs_before
    assert not list(project.glob("site.*"))  # no half-written build left beside it


@pytest.mark.parametrize(
    "text, where, line_start",
    [
        (SMALL + entry(ko__use='""'), r"codes\[299\]\.ko\.use", 'use = ""'),
        (
            DATA
            + entry(example='""\nnames = [\n  { lib = "python", name = "A" },\n  { lib = "cobol", name = "B" },\n]'),
            r"codes\[299\]\.names\[B\]\.lib",
            '  { lib = "cobol"',
        ),
        (
            DATA + UNOFFICIAL.replace("sent = true", 'sent = "yes"'),
            r"codes\[597\]\.unofficial\[Example Proxy\]\.sent",
            "sent = ",
        ),
    ],
)
def test_an_error_in_a_nested_field_names_the_line_of_that_field(
    text, where, line_start, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    Path("codes.toml").write_text(text, encoding="utf-8")
    assert generate.main(["--check", "--data", "codes.toml"]) == 1
    line = int(re.search(rf"^codes\.toml:(\d+): {where}", capsys.readouterr().err, re.M).group(1))
    assert text.splitlines()[line - 1].startswith(line_start)
