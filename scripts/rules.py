"""The validator's rules that span entries, one small function each, run in the order of RULES.

Each rule takes the raw data (as tomllib read it) and the outline of the site it makes (the site
map's pages), and yields `(location, message)` pairs, where a location is the key path of the
offending value: `("codes", 3, "related", 0)`. Rules run on the raw data so that an entry with a
schema problem is still checked for the rest; a value of the wrong type is skipped here because
the schema already reports it. To add a rule, write a function and add it to RULES.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scripts import exchange, snippets
from scripts.markup import allowed_html, limits
from scripts.site import LANGUAGES, PREFIXES, SiteMap

Problem = tuple[tuple, str]


# ---- reading the raw data ----------------------------------------------------------------------


def entries(raw: dict, section: str) -> list[tuple[int, dict]]:
    """(index, entry) of a list section, skipping entries that are not tables."""
    items = raw.get(section, [])
    return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)] if isinstance(items, list) else []


def items(entry: dict, key: str) -> list[tuple[int, object]]:
    value = entry.get(key)
    return list(enumerate(value)) if isinstance(value, list) else []


def table(raw: dict, key: str) -> dict:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def get(entry, *keys):
    for key in keys:
        entry = entry.get(key) if isinstance(entry, dict) else None
    return entry


def registered(raw: dict) -> set[int]:
    return {
        c["code"]
        for _, c in entries(raw, "codes")
        if isinstance(c.get("code"), int) and c.get("status") != "unassigned"
    }


def numbers(raw: dict) -> set[int]:
    """Numbers that have a page."""
    return {c["code"] for _, c in entries(raw, "codes") if isinstance(c.get("code"), int)}


def outline(raw: dict, catalog) -> SiteMap:
    """The site map of the pages the data makes, read from the raw data, with the catalogue's
    valid entries."""
    ids = [b["id"] for _, b in entries(raw, "classes") if isinstance(b.get("id"), str)]
    slugs = [f["slug"] for _, f in entries(raw, "faq") if isinstance(f.get("slug"), str)]
    return SiteMap.outline(catalog, ids, numbers(raw), slugs)


def strings(prefix: tuple, value) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from strings(prefix + (name,), item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from strings(prefix + (i,), item)


# ---- classes -----------------------------------------------------------------------------------


def classes_are_1xx_to_5xx(raw: dict, site: SiteMap) -> Iterator[Problem]:
    ids = sorted(str(b.get("id")) for _, b in entries(raw, "classes"))
    if ids != ["1xx", "2xx", "3xx", "4xx", "5xx"]:
        yield ("classes",), f"must define 1xx, 2xx, 3xx, 4xx and 5xx once each (found {', '.join(ids) or 'none'})"


def class_ranges_match_their_ids(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, band in entries(raw, "classes"):
        ident, span = band.get("id"), band.get("range")
        if isinstance(ident, str) and re.fullmatch(r"[1-5]xx", ident) and _ints(span) and len(span) == 2:
            first = int(ident[0]) * 100
            if span != [first, first + 99]:
                yield ("classes", i, "range"), f"must be [{first}, {first + 99}] for {ident}"


def _ints(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, int) and not isinstance(v, bool) for v in value)


# ---- codes -------------------------------------------------------------------------------------


def numbers_lie_in_a_class(raw: dict, site: SiteMap) -> Iterator[Problem]:
    spans = [b["range"] for _, b in entries(raw, "classes") if _ints(b.get("range")) and len(b["range"]) == 2]
    for i, entry in entries(raw, "codes"):
        number = entry.get("code")
        if not isinstance(number, int):
            continue
        if not 100 <= number <= 599:
            yield ("codes", i, "code"), f"{number} is outside 100-599"
        elif spans and not any(lo <= number <= hi for lo, hi in spans):
            yield ("codes", i, "code"), f"{number} lies outside the range of every class"


def numbers_are_unique(raw: dict, site: SiteMap) -> Iterator[Problem]:
    seen = set()
    for i, entry in entries(raw, "codes"):
        number = entry.get("code")
        if number in seen:
            yield ("codes", i, "code"), f"duplicate entry for {number}"
        if isinstance(number, int):
            seen.add(number)


def one_meaning_per_vendor(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, entry in entries(raw, "codes"):
        vendors = set()
        for j, meaning in items(entry, "unofficial"):
            vendor = get(meaning, "vendor")
            if vendor in vendors:
                yield ("codes", i, "unofficial", j, "vendor"), f"a second meaning of {entry.get('code')} by {vendor}"
            vendors.add(vendor)


def unused_codes_are_not_heuristically_cacheable(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, entry in entries(raw, "codes"):
        if entry.get("status") in ("unused", "obsoleted") and entry.get("cache") == "heuristic":
            yield ("codes", i, "cache"), "an unused or obsoleted code cannot be heuristically cacheable"


def other_names_in_both_languages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, entry in entries(raw, "codes"):
        ko, en = bool(get(entry, "ko", "aka")), bool(get(entry, "en", "aka"))
        if ko != en:
            yield ("codes", i, "en" if ko else "ko", "aka"), "other names must be given in both languages or neither"


def visitor_texts_in_both_languages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """The word for visitors is written in both languages or neither."""
    for i, entry in entries(raw, "codes"):
        blocks = [(("codes", i), entry)] + [(("codes", i, "unofficial", j), u) for j, u in items(entry, "unofficial")]
        for loc, block in blocks:
            ko, en = get(block, "ko", "visitor") is not None, get(block, "en", "visitor") is not None
            if ko != en:
                yield (
                    loc + ("en" if ko else "ko", "visitor"),
                    "the word for visitors must be given in both languages or neither",
                )


def related_codes_are_registered(raw: dict, site: SiteMap) -> Iterator[Problem]:
    known = registered(raw)
    for i, entry in entries(raw, "codes"):
        refs = [(("codes", i, "related", j), n) for j, n in items(entry, "related")]
        refs += [(("codes", i, "confused", j, "code"), get(x, "code")) for j, x in items(entry, "confused")]
        for loc, n in refs:
            if not isinstance(n, int):
                continue
            if n == entry.get("code"):
                yield loc, "a code cannot refer to itself"
            elif n not in known:
                yield loc, f"refers to {n}, which is not a registered code in this file"


def names_come_from_known_libraries(raw: dict, site: SiteMap) -> Iterator[Problem]:
    libraries = table(raw, "libraries")
    for i, entry in entries(raw, "codes"):
        for j, name in items(entry, "names"):
            lib = get(name, "lib")
            if isinstance(lib, str) and lib not in libraries:
                yield ("codes", i, "names", j, "lib"), f"unknown library '{lib}' (not in [libraries])"


# ---- questions, guide, glossary, interface -----------------------------------------------------


def keys_are_unique(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """A question's slug, a decision step's id and a glossary term's id name one entry each."""
    for section, key, noun in (
        ("faq", "slug", "FAQ slug"),
        ("guide", "id", "step id"),
        ("glossary", "id", "glossary id"),
        ("comparisons", "id", "comparison id"),
    ):
        seen = set()
        for i, entry in entries(raw, section):
            if entry.get(key) in seen:
                yield (section, i, key), f"duplicate {noun} '{entry.get(key)}'"
            seen.add(entry.get(key))


def questions_have_sources(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, f in entries(raw, "faq"):
        if f.get("sources") == []:
            yield ("faq", i, "sources"), "needs at least one normative source"


def questions_relate_to_pages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, f in entries(raw, "faq"):
        for j, n in items(f, "related"):
            if isinstance(n, int) and f"codes/{n}/" not in site.paths:
                yield ("faq", i, "related", j), f"refers to {n}, which has no page"


def interface_strings_in_both_languages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    ui = table(raw, "ui")
    keys = {lang: set(ui[lang]) if isinstance(ui.get(lang), dict) else set() for lang in ("ko", "en")}
    for lang, other, name in (("en", "ko", "English"), ("ko", "en", "Korean")):
        for key in sorted(keys[other] - keys[lang]):
            yield ("ui", lang, key), f"missing {name} text"


def guide_targets_exist(raw: dict, site: SiteMap) -> Iterator[Problem]:
    steps, known = {g.get("id") for _, g in entries(raw, "guide")}, registered(raw)
    for i, g in entries(raw, "guide"):
        for answer in ("yes", "no"):
            target = g.get(answer)
            if not isinstance(target, str):
                continue
            if target.startswith("code:"):
                if target[5:].isdigit() and int(target[5:]) not in known:
                    yield ("guide", i, answer), f"ends on {target[5:]}, which is not a registered code"
            elif target not in steps:
                yield ("guide", i, answer), f"goes to step '{target}', which does not exist"


def guide_paths_end_on_a_code(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """From the first step every step is reachable, and every path ends on a code (no loops)."""
    steps = {g.get("id"): (i, g) for i, g in reversed(entries(raw, "guide"))}
    if not steps:
        return
    first = entries(raw, "guide")[0][1].get("id")
    reached, stack = set(), [(first, ())]
    while stack:
        step, path = stack.pop()
        if step in path:
            yield ("guide", steps[step][0]), f"the path {' > '.join(path + (step,))} loops"
            continue
        reached.add(step)
        for answer in ("yes", "no"):
            target = steps[step][1].get(answer)
            if isinstance(target, str) and target in steps:
                stack.append((target, path + (step,)))
    for step, (i, _) in steps.items():
        if step not in reached:
            yield ("guide", i), f"step '{step}' cannot be reached from '{first}'"


# ---- pages and sections ------------------------------------------------------------------------


def pages_do_not_collide(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """Two pages may not share a source file (a question slugged `index` would replace the
    questions' index page)."""
    seen: dict[str, str] = {}
    slugs = {f.get("slug"): i for i, f in entries(raw, "faq")}
    for page in site.pages:
        if page.source in seen:
            slug = page.path.removeprefix("faq/").rstrip("/")
            loc = ("faq", slugs[slug], "slug") if slug in slugs else ("faq",)
            yield loc, f"the page /{page.path} would overwrite /{seen[page.source]}"
        seen.setdefault(page.source, page.path)


def section_ids_are_unique(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """Every id on a page names one section (a guide step called `title`, or two vendors whose
    names give the same id, would make a link land on the wrong one)."""
    for page in site.pages:
        ids = site.ids(page.path) or []
        keyed = {"faq/": "faq", "guide/": "guide"}.get(page.path)
        for ident in sorted({i for i in ids if ids.count(i) > 1}):
            if keyed and sum(e.get("slug", e.get("id")) == ident for _, e in entries(raw, keyed)) > 1:
                continue  # two questions or steps with one key: keys_are_unique says so
            yield _section_owner(raw, page.path, ident), f"the id #{ident} appears twice on /{page.path}"


def comparisons_are_complete(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """A comparison table compares registered codes, each of which states every fact of its
    columns with a value the column knows; its questions exist; no code states a fact no table shows."""
    codes = {e.get("code"): (i, e) for i, e in entries(raw, "codes") if e.get("status") != "unassigned"}
    slugs = {f.get("slug") for _, f in entries(raw, "faq")}
    shown = set()
    for c, comparison in entries(raw, "comparisons"):
        for j, slug in items(comparison, "faq"):
            if slug not in slugs:
                yield ("comparisons", c, "faq", j), f"no question has the slug '{slug}'"
        columns = [column for _, column in items(comparison, "columns") if isinstance(column, dict)]
        for j, number in items(comparison, "codes"):
            if number not in codes:
                yield ("comparisons", c, "codes", j), f"{number} is not a registered code"
                continue
            i, entry = codes[number]
            for column in columns:
                fact, values = column.get("fact"), column.get("values")
                shown.add(fact)
                value = entry.get("cache") if fact == "cache" else get(entry, "facts", fact)
                if not isinstance(values, dict) or value in values:
                    continue
                loc = ("codes", i, "cache") if fact == "cache" else ("codes", i, "facts")
                if value is None:
                    yield loc, f"the comparison '{comparison.get('id')}' needs this code's fact '{fact}'"
                else:
                    yield loc, f"'{value}' is not a value of the fact '{fact}' ({', '.join(values)})"
    for _, (i, entry) in sorted(codes.items(), key=lambda item: item[1][0]):
        for fact in get(entry, "facts") or {}:
            if fact not in shown:
                yield ("codes", i, "facts", fact), f"no comparison table shows the fact '{fact}'"


def _section_owner(raw: dict, path: str, ident: str) -> tuple:
    """Where in the data a section id of the page at `path` comes from."""
    if path == "guide/":
        return next(
            (("guide", i, "id") for i, g in reversed(entries(raw, "guide")) if g.get("id") == ident), ("guide",)
        )
    if path == "faq/":
        return next((("faq", i, "slug") for i, f in reversed(entries(raw, "faq")) if f.get("slug") == ident), ("faq",))
    for i, entry in entries(raw, "codes"):
        if f"codes/{entry.get('code')}/" == path:
            return ("codes", i, "unofficial")
    return ("codes",)


def the_guide_has_steps(raw: dict, site: SiteMap) -> Iterator[Problem]:
    if not entries(raw, "guide"):
        yield ("guide",), "the decision guide needs at least one step"


# Folders of the built site that are not pages: a redirect may not write into them.
RESERVED = ("assets/", "search/", "api/v1/")


def redirects_lead_from_old_paths_to_pages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    urls = set(site.urls())
    prefixes = tuple(prefix for prefix in PREFIXES.values() if prefix)
    for old, new in table(raw, "redirects").items():
        if not isinstance(old, str):
            continue
        if any(site.url(old, lang) in urls for lang in LANGUAGES):
            yield ("redirects", old), "a page lives at this path: it cannot also redirect"
        elif old.startswith(prefixes + RESERVED):
            yield ("redirects", old), "this path belongs to the site itself (a language or a build folder)"
        if isinstance(new, str) and new not in site.paths:
            yield ("redirects", old), f"target '{new}' is not a page of the site"


def examples_are_valid_http(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """Every example parses as HTTP/1.1 and frames its content (scripts/exchange.py)."""
    for i, entry in entries(raw, "codes"):
        example = entry.get("example")
        if isinstance(example, str) and example.strip() and not limits(example, "prose"):
            for message in exchange.problems(example):
                yield ("codes", i, "example"), message


# How a framework's snippets spell a status name, by the library that defines it (group 1).
NAME_PATTERNS = {
    "go": r"\b(http\.Status(?!Text\b)[A-Za-z]+)\b",
    "spring": r"\b(HttpStatus\.[A-Z_]+)\b",
    "aspnetcore": r"\b(StatusCodes\.Status[0-9]{3}[A-Za-z]+)\b",
    "rack": r"(?:\bstatus: *|\bhead +)(:[a-z_]+)\b",
}


def sending(raw: dict) -> Iterator[tuple[int, dict, dict, dict]]:
    """(index, entry, its `send` table, its snippets by framework) of every code that says how to
    send it."""
    for i, entry in entries(raw, "codes"):
        send = entry.get("send")
        if isinstance(send, dict):
            yield i, entry, send, send["snippets"] if isinstance(send.get("snippets"), dict) else {}


def snippets_are_code_with_comments_in_both_languages(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """One snippet per framework, each printable code of bounded size whose comments come in
    Korean-English pairs; a request that is valid HTTP/1.1."""
    frameworks = table(raw, "frameworks")
    for i, _, send, code_of in sending(raw):
        request = send.get("request")
        if isinstance(request, str):
            found = limits(request, "prose") or exchange.problems(request)
            if not found and request.strip().startswith("HTTP/"):
                found = ["the request of a snippet is a request"]
            for message in found:
                yield ("codes", i, "send", "request"), message
        for name in frameworks:
            if name not in code_of:
                yield ("codes", i, "send", "snippets"), f"no snippet for {name}"
        for name, code in code_of.items():
            loc = ("codes", i, "send", "snippets", name)
            if name not in frameworks:
                yield loc, f"'{name}' is not a framework of [frameworks] ({', '.join(frameworks)})"
            elif isinstance(code, str):
                for message in snippets.problems(code, get(frameworks, name, "comment") or "#"):
                    yield loc, message


def snippets_use_current_names(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """A snippet spells status codes with names its library has today: no deprecated, removed or
    unknown name. (A helper such as Spring's `ResponseEntity.created(...)` names none, which is fine.)"""
    known: dict[tuple[str, str], tuple[int, str]] = {}
    for _, entry in entries(raw, "codes"):
        for _, name in items(entry, "names"):
            if isinstance(name, dict):
                known[(name.get("lib"), name.get("name"))] = (entry.get("code"), name.get("state", "current"))
    frameworks = table(raw, "frameworks")
    for i, _, _, code_of in sending(raw):
        for name, code in code_of.items():
            lib = get(frameworks, name, "names")
            if not isinstance(code, str) or lib not in NAME_PATTERNS:
                continue
            loc = ("codes", i, "send", "snippets", name)
            used = snippets.names_in(code, NAME_PATTERNS[lib])
            for symbol in used:
                number, state = known.get((lib, symbol), (None, None))
                if number is None:
                    yield loc, f"{symbol} is not a {lib} name of any code"
                elif state != "current":
                    yield loc, f"{symbol} is {state}: use the current name of {number}"


def snippets_send_the_required_headers(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """What the snippets must send includes every response header the code's RFC requires (MUST)
    or recommends (SHOULD) outside a named situation."""
    for i, entry, send, _ in sending(raw):
        expect = send.get("expect") if isinstance(send.get("expect"), dict) else {}
        expected = {name.lower() for name in expect}
        for _, header in items(entry, "headers"):
            if (
                isinstance(header, dict)
                and header.get("direction") == "response"
                and header.get("level") in ("MUST", "SHOULD")
                and not header.get("conditional")
                and str(header.get("name")).lower() not in expected
            ):
                yield (
                    ("codes", i, "send", "expect"),
                    f"{header.get('name')} is {header.get('level')} for {entry.get('code')}: the snippets send it",
                )


def steps_agree_with_their_question(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """A decision step that decides a question's situation ends, when the answer is yes, on the
    code that question answers: the guide and the FAQ never disagree."""
    questions = {f.get("slug"): f for _, f in entries(raw, "faq")}
    steps = {g.get("id"): g for _, g in entries(raw, "guide")}
    for i, step in entries(raw, "guide"):
        slug = step.get("faq")
        if not isinstance(slug, str):
            continue
        if slug not in questions:
            yield ("guide", i, "faq"), f"names the question '{slug}', which does not exist"
            continue
        answers = [n for _, n in items(questions[slug], "answer_codes") if isinstance(n, int)]
        if not answers:
            yield ("guide", i, "faq"), f"the question '{slug}' states no answer_codes to agree with"
            continue
        for end in sorted(_ends(step.get("yes"), steps)):
            if end not in answers:
                yield (
                    ("guide", i, "yes"),
                    (f"ends on {end}, but the question '{slug}' answers {', '.join(map(str, answers))}"),
                )


def _ends(target, steps: dict, seen: frozenset = frozenset()) -> set[int]:
    """The codes every path from `target` can end on."""
    if not isinstance(target, str):
        return set()
    if target.startswith("code:"):
        return {int(target[5:])} if target[5:].isdigit() else set()
    step = steps.get(target)
    if step is None or target in seen:
        return set()
    return _ends(step.get("yes"), steps, seen | {target}) | _ends(step.get("no"), steps, seen | {target})


def answers_are_registered_codes(raw: dict, site: SiteMap) -> Iterator[Problem]:
    known = registered(raw)
    for i, question in entries(raw, "faq"):
        for j, number in items(question, "answer_codes"):
            if isinstance(number, int) and number not in known:
                yield ("faq", i, "answer_codes", j), f"{number} is not a registered code in this file"


# ---- Korean -------------------------------------------------------------------------------------

# RFC 2119/8174 requirement words, each with its level, and the Korean form each level takes (the
# convention is written in the glossary's entries must, must-not, should, should-not and may): the
# predicate the marker follows ends as below, and only a MUST sentence says 반드시. A keyword is a
# word of capitals on its own: a Korean particle may follow it (RFC 9110의 MUST를).
_KEYWORD = re.compile(
    r"(?<![A-Za-z])(MUST NOT|SHALL NOT|SHOULD NOT|NOT RECOMMENDED|MUST|SHALL|REQUIRED|SHOULD|RECOMMENDED|MAY|OPTIONAL)(?![A-Za-z])"
)
LEVELS = {"MUST": "MUST", "SHALL": "MUST", "REQUIRED": "MUST", "MUST NOT": "MUST NOT", "SHALL NOT": "MUST NOT"}
LEVELS |= {"SHOULD": "SHOULD", "RECOMMENDED": "SHOULD", "SHOULD NOT": "SHOULD NOT", "NOT RECOMMENDED": "SHOULD NOT"}
LEVELS |= {"MAY": "MAY", "OPTIONAL": "MAY"}
KOREAN_FORMS = {
    "MUST": ("야 합니다", "야 하며", "야 하고", "야 한다", "야 하므로", "야 하지만", "야 할", "야 하는"),
    "MUST NOT": (
        "서는 안 됩니다",
        "서는 안 되며",
        "서는 안 되고",
        "서는 안 된다",
        "서는 안 되므로",
        "서는 안 되지만",
        "서는 안 되는",
    ),
    "SHOULD": ("좋습니다", "좋으며", "좋고", "좋다", "좋지만", "좋으므로"),
    "SHOULD NOT": ("좋습니다", "좋으며", "좋고", "좋다", "좋지만", "좋으므로"),
    "MAY": ("수 있습니다", "수 있고", "수 있으며", "수 있다", "수 있으므로", "수 있지만", "수 있는"),
}
# Korean endings that read as a requirement: a sentence that uses one carries its marker.
REQUIREMENT_ENDINGS = (
    "반드시",
    "는 것이 좋습니다",
    "는 것이 좋으며",
    "지 않는 것이 좋",
    "서는 안 됩니다",
    "서는 안 되며",
)


def requirement_levels(text: str) -> list[str]:
    """The requirement levels a text states, in order: "MUST", "MUST NOT", "SHOULD"..."""
    return [LEVELS[word] for word in _KEYWORD.findall(_without_code(text))]


def _without_code(text: str) -> str:
    return "".join(part for i, part in enumerate(text.split("`")) if i % 2 == 0)


def text_pairs(raw: dict) -> Iterator[tuple[tuple, str, str]]:
    """(location of the Korean text, Korean, English) for every text written in both languages."""
    for section in ("classes", "codes", "faq", "guide", "glossary", "comparisons"):
        for loc, value in _tables((section,), raw.get(section)):
            if isinstance(value.get("ko"), str) and isinstance(value.get("en"), str):
                yield loc + ("ko",), value["ko"], value["en"]
            elif isinstance(value.get("ko"), dict) and isinstance(value.get("en"), dict):
                for key, text in value["ko"].items():
                    if isinstance(text, str) and isinstance(value["en"].get(key), str):
                        yield loc + ("ko", key), text, value["en"][key]
            if isinstance(value.get("note_ko"), str) and isinstance(value.get("note_en"), str):
                yield loc + ("note_ko",), value["note_ko"], value["note_en"]
    frameworks = table(raw, "frameworks")
    for i, _, _, code_of in sending(raw):
        for name, code in code_of.items():
            comment = get(frameworks, name, "comment")
            if isinstance(code, str) and isinstance(comment, str):
                for korean, english in snippets.comment_pairs(code, comment):
                    yield ("codes", i, "send", "snippets", name), korean, english
    ui = table(raw, "ui")
    if isinstance(ui.get("ko"), dict) and isinstance(ui.get("en"), dict):
        for key, text in ui["ko"].items():
            if isinstance(text, str) and isinstance(ui["en"].get(key), str):
                yield ("ui", "ko", key), text, ui["en"][key]


def _tables(prefix: tuple, value) -> Iterator[tuple[tuple, dict]]:
    if isinstance(value, dict):
        yield prefix, value
        for key, item in value.items():
            if key not in ("ko", "en"):
                yield from _tables(prefix + (key,), item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _tables(prefix + (i,), item)


def requirement_words_match(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """BCP 14 keywords: the Korean states the same levels as the English, keyword by keyword, each
    marker after a predicate of its level's form; a requirement ending carries its marker."""
    for loc, korean, english in text_pairs(raw):
        ours, theirs = requirement_levels(korean), requirement_levels(english)
        if sorted(ours) != sorted(theirs):
            yield loc, f"requirement words differ: English {_levels(theirs)}, Korean {_levels(ours)}"
        for sentence in _sentences(_without_code(korean)):
            markers = [
                (m.start(), LEVELS[m.group(1)])
                for m in _KEYWORD.finditer(sentence)
                if sentence[m.start() - 1 : m.start()] == "("
            ]
            for start, level in markers:
                before = sentence[:start].rstrip("( ")
                if not before.endswith(KOREAN_FORMS[level]):
                    yield loc, f"({level}) follows a predicate that does not read as {level}: …{before[-12:]}"
            levels = [level for _, level in markers]
            if "반드시" in sentence and "MUST" not in levels:
                yield loc, f"반드시 is kept for MUST: …{sentence[:40]}"
            elif not levels and any(ending in sentence for ending in REQUIREMENT_ENDINGS):
                yield loc, f"a requirement ending without its marker (MUST, SHOULD...): {sentence[:50]}…"
            if "MUST" in levels and "반드시" not in sentence:
                yield loc, f"a MUST sentence says 반드시: {sentence[:50]}…"


def _levels(levels: list[str]) -> str:
    return ", ".join(sorted(levels)) or "none"


def _sentences(text: str) -> list[str]:
    """A text's sentences: one per line as written, split again after a full stop."""
    return [part for line in text.splitlines() for part in re.split(r"(?<=[.!?])\s+", line) if part.strip()]


# How the last word of a link's text is read aloud in Korean decides the particle after it:
# 리퀘스트를, 포비든을, 언어베일러블을/로. None: ends in a vowel; "ㄹ": in ㄹ; "": another consonant.
# Digits are read one by one (404: 사공사), so the last digit decides; a final 0 (500: 오백) is left out.
FINAL_SOUNDS = {
    "continue": None,
    "protocols": None,
    "processing": "",
    "hints": None,
    "supported": None,
    "ok": None,
    "created": None,
    "accepted": None,
    "information": "",
    "content": None,
    "status": None,
    "reported": None,
    "used": None,
    "choices": None,
    "permanently": None,
    "found": None,
    "other": None,
    "modified": None,
    "proxy": None,
    "redirect": None,
    "request": None,
    "unauthorized": None,
    "required": None,
    "forbidden": "",
    "allowed": None,
    "acceptable": "ㄹ",
    "timeout": "",
    "conflict": None,
    "gone": "",
    "failed": None,
    "large": None,
    "long": "",
    "type": "",
    "satisfiable": "ㄹ",
    "entity": None,
    "locked": None,
    "dependency": None,
    "early": None,
    "requests": None,
    "reasons": None,
    "error": None,
    "implemented": None,
    "gateway": None,
    "unavailable": "ㄹ",
    "negotiates": None,
    "storage": None,
    "detected": None,
    "extended": None,
    "teapot": "",
    "1": "ㄹ",
    "2": None,
    "3": "",
    "4": None,
    "5": None,
    "6": "",
    "7": "ㄹ",
    "8": "ㄹ",
    "9": None,
}
# (after a vowel, after a consonant, after ㄹ)
PARTICLES = (("를", "을", "을"), ("가", "이", "이"), ("는", "은", "은"), ("와", "과", "과"), ("로", "으로", "로"))
_LINK_THEN_PARTICLE = re.compile(r"\[([^\]\n]{1,80})\]\([^)\s]{1,200}\)(으로|을|를|이|가|은|는|과|와|로)(?![가-힣])")


def particles_follow_the_reading(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """The particle after a link agrees with how the link's last word is read: [403 Forbidden]을."""
    for loc, korean, _ in text_pairs(raw):
        for match in _LINK_THEN_PARTICLE.finditer(korean):
            words = re.findall(r"[A-Za-z]+|[0-9]", match.group(1))
            final = words[-1].lower() if words else None
            if final not in FINAL_SOUNDS:
                continue
            right = {None: 0, "": 1, "ㄹ": 2}[FINAL_SOUNDS[final]]
            particle = match.group(2)
            pair = next(p for p in PARTICLES if particle in p)
            if particle != pair[right]:
                yield loc, f"[{match.group(1)}]{particle}: read aloud, '{words[-1]}' takes {pair[right]}"


def korean_uses_one_term_per_concept(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """No Korean text uses a spelling the glossary avoids (code spans aside); the other spellings
    stay searchable through the glossary, and other names (aka) record what people type."""
    avoided = {}
    for _, term in entries(raw, "glossary"):
        for _, spelling in items(term, "avoid"):
            if isinstance(spelling, str) and not spelling.isascii() and isinstance(term.get("ko"), str):
                avoided[spelling] = term["ko"]
    for loc, korean, _ in text_pairs(raw):
        if loc[0] == "glossary":
            continue
        text = _without_code(korean)
        for spelling, term in avoided.items():
            if spelling in text and spelling not in term:
                yield loc, f"uses '{spelling}'; the glossary's term is '{term}'"


# ---- texts -------------------------------------------------------------------------------------

# How each field is shown, and so which grammar its text must follow (scripts/markup.py).
LINE_FIELDS = {"phrase", "vendor", "name", "question", "label", "symbol", "version"}
CELL_FIELDS = {"summary", "note_ko", "note_en", "visitor"}
UI_PROSE = {"headers_none", "unofficial_clash", "unofficial_only", "unofficial_warning", "phrase_wire"}
NOT_TEXT = {"code", "status", "spec", "cache", "cache_spec", "source", "lib", "level", "direction", "id", "slug"}
NOT_TEXT |= {"yes", "no", "registry_url", "state", "example"}
# Names in code: what a library spells (`http.STATUS_CODES[404]`, `:not_found`, "I'm a Teapot").
SYMBOL_CHARACTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 _.:[]'-()/")


def grammar_of(loc: tuple) -> str | None:
    """The grammar of the text at `loc`, or None when the schema's pattern already decides."""
    keys = [k for k in loc if isinstance(k, str)]
    section, field = keys[0], keys[-1]
    if section == "ui":
        return (
            "prose"
            if field in UI_PROSE
            or field.endswith(("_lead", "_rules"))
            or field.startswith(("cache_", "status_explain_"))
            else "line"
        )
    if section == "frameworks":
        return "line" if field in ("label", "version") else None
    if section == "codes" and "send" in keys:
        return "line" if "expect" in keys else None
    if section == "comparisons":
        return (
            "cell"
            if "values" in keys
            else "prose"
            if field == "lead"
            else "line"
            if field in ("title", *LANGUAGES)
            else None
        )
    if field in NOT_TEXT or (section == "codes" and ("names" in keys or "facts" in keys)) or section == "redirects":
        return None
    if field in LINE_FIELDS or "aka" in keys or (section == "glossary" and field in ("ko", "en", "avoid")):
        return "line"
    if field in CELL_FIELDS or "confused" in keys or "headers" in keys:
        return "cell"
    return "prose"


def texts_render_to_allowed_html(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """Every text, rendered as the site renders it, gives only allowed elements, attributes and
    links (https, or a site page and section that exist)."""
    for section in ("ui", "classes", "libraries", "frameworks", "codes", "faq", "guide", "glossary", "comparisons"):
        for loc, text in strings((section,), raw.get(section)):
            grammar = grammar_of(loc)
            if grammar is not None:
                for message in allowed_html(text, grammar, site.paths, site.ids):
                    yield loc, message


PHRASE_CHARACTERS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '-()/.,:&_!?")


def phrases_are_plain_words(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """A reason phrase is shown in code spans, titles and tables: words and simple punctuation."""
    for i, entry in entries(raw, "codes"):
        found = [(("codes", i, "phrase"), entry.get("phrase"))]
        found += [
            (("codes", i, "former_phrases", j, "phrase"), get(f, "phrase")) for j, f in items(entry, "former_phrases")
        ]
        found += [(("codes", i, "unofficial", j, "phrase"), get(u, "phrase")) for j, u in items(entry, "unofficial")]
        for loc, phrase in found:
            if isinstance(phrase, str) and not set(phrase) <= PHRASE_CHARACTERS:
                yield loc, "a reason phrase is English letters, digits, spaces and ' - ( ) / . , : & _ ! ?"


def names_are_symbols(raw: dict, site: SiteMap) -> Iterator[Problem]:
    for i, entry in entries(raw, "codes"):
        for loc, text in strings(("codes", i, "names"), entry.get("names")):
            if loc[-1] == "lib":
                continue
            if not text or len(text) > 80 or not set(text) <= SYMBOL_CHARACTERS:
                yield loc, "a name in code is letters, digits, spaces and _ . : [ ] ' - ( ) / (at most 80)"


def examples_are_plain_text(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """An example is shown as it is, in a code block: printable characters and line breaks only."""
    for i, entry in entries(raw, "codes"):
        example = entry.get("example")
        if isinstance(example, str) and example:
            problems = [p for p in limits(example, "prose") if "nested" not in p and "links" not in p]
            for message in problems:
                yield ("codes", i, "example"), message


RULES = [
    classes_are_1xx_to_5xx,
    class_ranges_match_their_ids,
    numbers_lie_in_a_class,
    numbers_are_unique,
    one_meaning_per_vendor,
    unused_codes_are_not_heuristically_cacheable,
    other_names_in_both_languages,
    visitor_texts_in_both_languages,
    related_codes_are_registered,
    names_come_from_known_libraries,
    keys_are_unique,
    questions_have_sources,
    questions_relate_to_pages,
    interface_strings_in_both_languages,
    guide_targets_exist,
    guide_paths_end_on_a_code,
    the_guide_has_steps,
    pages_do_not_collide,
    section_ids_are_unique,
    redirects_lead_from_old_paths_to_pages,
    phrases_are_plain_words,
    names_are_symbols,
    examples_are_plain_text,
    examples_are_valid_http,
    steps_agree_with_their_question,
    comparisons_are_complete,
    snippets_are_code_with_comments_in_both_languages,
    snippets_use_current_names,
    snippets_send_the_required_headers,
    answers_are_registered_codes,
    requirement_words_match,
    particles_follow_the_reading,
    korean_uses_one_term_per_concept,
    texts_render_to_allowed_html,
]
