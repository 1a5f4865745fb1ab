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


# ---- texts -------------------------------------------------------------------------------------

# How each field is shown, and so which grammar its text must follow (scripts/markup.py).
LINE_FIELDS = {"phrase", "vendor", "name", "question", "label", "symbol", "version"}
CELL_FIELDS = {"summary", "note_ko", "note_en"}
UI_PROSE = {"headers_none", "unofficial_clash", "unofficial_only", "unofficial_warning"}
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
    if field in NOT_TEXT or (section == "codes" and "names" in keys) or section == "redirects":
        return None
    if field in LINE_FIELDS or "aka" in keys or (section == "glossary" and field in ("ko", "en", "avoid")):
        return "line"
    if field in CELL_FIELDS or "confused" in keys or "headers" in keys:
        return "cell"
    return "prose"


def texts_render_to_allowed_html(raw: dict, site: SiteMap) -> Iterator[Problem]:
    """Every text, rendered as the site renders it, gives only allowed elements, attributes and
    links (https, or a site page and section that exist)."""
    for section in ("ui", "classes", "libraries", "codes", "faq", "guide", "glossary"):
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
    texts_render_to_allowed_html,
]
