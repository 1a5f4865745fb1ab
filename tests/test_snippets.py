""" "How to send it" snippets: every snippet of an executed framework is run against its code's
request and must answer with that code, every header the data expects (value and all), problem
details where the data says so, and no content where none may be. The others are checked by the
validator (current names) and are marked as not executed on the page."""

from __future__ import annotations

import importlib
import json
import re

import pytest

from scripts import snippets

RUNNERS = {"fastapi": "fastapi_runner", "express": "express_runner", "go": "go_runner"}


def parse_request(text: str) -> dict:
    """The request of a `send` table, as the runners take it. A body written as
    `[2000000 bytes of data]` is sent as that many bytes."""
    head, _, body = text.strip("\n").partition("\n\n")
    start, *fields = head.split("\n")
    method, target, _ = start.split(" ")
    headers = [[name, value.strip()] for name, _, value in (field.partition(":") for field in fields)]
    stated = re.fullmatch(r"\[(\d+) bytes of [^\]]*\]", body.strip())
    return {
        "method": method,
        "target": target,
        "headers": [h for h in headers if h[0].lower() != "host"],
        "body": "x" * int(stated.group(1)) if stated else body,
    }


def failures(number: int, send, result: dict) -> list[str]:
    """What is wrong with a response to the request of code `number`."""
    if "error" in result:
        return [result["error"]]
    found = []
    if result["status"] != number:
        found.append(f"status {result['status']}, expected {number}")
    headers: dict[str, list[str]] = {}
    for name, value in result["headers"]:
        headers.setdefault(name.lower(), []).append(value)
    for name, expected in send.expect.items():
        values = headers.get(name.lower())
        if not values:
            found.append(f"no {name} header")
        elif expected == "*":
            if not values[0].strip():
                found.append(f"an empty {name} header")
        elif name.lower() == "allow":
            methods = {m.strip() for v in values for m in v.split(",")} - {"HEAD"}
            if methods != {m.strip() for m in expected.split(",")}:
                found.append(f"Allow: {', '.join(values)}, expected {expected}")
        elif values != [expected]:
            found.append(f"{name}: {values}, expected {expected}")
    if send.problem:
        content_type = (headers.get("content-type") or [""])[0]
        if not content_type.startswith("application/problem+json"):
            found.append(f"Content-Type {content_type!r}, expected application/problem+json")
        else:
            body = json.loads(result["body"])
            if body.get("status") != number or not body.get("title"):
                found.append(f"problem details without status {number} and a title: {body}")
    if number in (204, 304) and result["body"]:
        found.append(f"content in a {number}: {result['body'][:60]!r}")
    return found


def test_executed_frameworks_are_exactly_those_with_a_runner(catalog):
    executed = {key for key, framework in catalog.frameworks.items() if framework.executed}
    assert executed == set(RUNNERS)
    assert len(catalog.frameworks) == 6


# The codes the issue lists: a header is required, or the idiom is commonly wrong.
LISTED = [201, 204, 301, 302, 303, 304, 307, 308, 401, 403, 404, 405, 409, 410, 412, 413, 415, 422, 429, 503]


def test_the_listed_codes_have_a_snippet_for_every_framework(catalog):
    sent = [entry.code for entry in catalog.registered() if entry.send]
    assert set(LISTED) <= set(sent)
    for number in sent:
        assert set(catalog.code(number).send.snippets) == set(catalog.frameworks), number


@pytest.mark.slow
@pytest.mark.parametrize("framework", sorted(RUNNERS))
def test_every_snippet_sends_its_code_and_headers(catalog, framework):
    runner = importlib.import_module(f"snippets.{RUNNERS[framework]}")
    entries = [entry for entry in catalog.registered() if entry.send]
    cases = [
        {"id": str(entry.code), "source": entry.send.snippets[framework], "request": parse_request(entry.send.request)}
        for entry in entries
    ]
    results = {result["id"]: result for result in runner.run_all(cases)}
    problems = {
        entry.code: found
        for entry in entries
        if (found := failures(entry.code, entry.send, results.get(str(entry.code), {"error": "no result"})))
    }
    assert not problems, "\n".join(f"{framework} {code}: {'; '.join(found)}" for code, found in problems.items())
    print(f"\n{framework}: {len(cases)} snippets run, status and headers checked")


def test_a_wrong_response_is_caught(catalog):
    """The checks above can fail: a 401 without its challenge, a 405 with the wrong methods."""
    unauthorized, not_allowed = catalog.code(401).send, catalog.code(405).send
    problem = {"status": 401, "title": "Unauthorized"}
    plain = {"id": "401", "status": 401, "headers": [["Content-Type", "application/problem+json"]]}
    assert failures(401, unauthorized, {**plain, "body": json.dumps(problem)}) == ["no WWW-Authenticate header"]
    wrong = {
        "id": "405",
        "status": 405,
        "headers": [["Allow", "GET"], ["Content-Type", "application/json"]],
        "body": "{}",
    }
    assert failures(405, not_allowed, wrong) == [
        "Allow: GET, expected GET, POST",
        "Content-Type 'application/json', expected application/problem+json",
    ]


def test_pages_show_each_language_its_comments(site, site_map, catalog):
    for lang in site_map.languages:
        page = (site / site_map.url("codes/401/", lang) / "index.html").read_text(encoding="utf-8")
        section = page[page.index('id="send"') :]
        for framework in catalog.frameworks.values():
            assert f">{framework.label}</label>" in section, (lang, framework.label)
        assert not re.search(r"(#|//) ?(ko|en):", section)  # the comment markers are gone
        code = " ".join(re.findall(r"<code[^>]*>(.*?)</code>", section, re.S))
        assert bool(snippets.HANGUL.search(code)) == (lang == "ko"), lang
        assert catalog.ui[lang]["send_reviewed"].split(".")[0] in section


def test_only_the_comments_of_snippets_are_highlighted(site, site_map, catalog):
    """The snippets' code is in one colour, their comments in the comment colour: a code page stays
    light (scripts/postbuild.py, plain_snippets()); the example exchange keeps its highlighting."""
    for lang in site_map.languages:
        for entry in [e for e in catalog.codes if getattr(e, "send", None)]:
            page = (site / site_map.url(f"codes/{entry.code}/", lang) / "index.html").read_text(encoding="utf-8")
            tabs = page[page.index('<div class="tabbed-set') : page.index('id="names-in-code"')]
            classes = set(re.findall(r'<span class="([a-z0-9]+)">', tabs))
            assert classes and classes <= {"c", "c1", "ch", "cm", "cs"}, (lang, entry.code, classes)
            example = page[page.index('id="example"') : page.index('id="send"')]
            assert len(re.findall(r'<span class="[a-z0-9]+">', example)) > 5, (lang, entry.code)


def test_comments_come_in_pairs():
    good = '# ko: 헤더를 보냅니다.\n# en: Send the header.\nprint("x")'
    assert snippets.problems(good, "#") == []
    assert snippets.for_language(good, "#", "en") == '# Send the header.\nprint("x")'
    assert snippets.for_language(good, "#", "ko") == '# 헤더를 보냅니다.\nprint("x")'
    assert snippets.problems('# ko: 헤더를 보냅니다.\nprint("x")', "#") == [
        "line 1: a `# ko:` comment is followed by its `# en:` line"
    ]
    assert "line 1: Korean outside a `// ko:` comment" in snippets.problems('x := "헤더"', "//")
    assert "a snippet may not contain ``` or ~~~" in snippets.problems("```\n<script>", "#")
