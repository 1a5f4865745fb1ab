"""Load and validate `data/codes.toml`, the one source of every fact and sentence on the site.

Nothing else reads the file. `load_catalog(path)` parses it, checks every entry against the
typed model below and the rules that span entries, and either returns a frozen `Catalog` or
raises `CatalogError` carrying every problem, one line each:

    data/codes.toml:812: codes[401].ko.summary: missing Korean text

Run `python -m scripts.generate --check` to validate without writing anything.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
import typing
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StringConstraints, TypeAdapter, ValidationError

LANGS = ("ko", "en")
LANG_NAMES = {"ko": "Korean", "en": "English"}

# "RFC9110#15.5.2", "RFC8297" or an Internet-Draft name such as "draft-ietf-httpbis-resumable-upload-05".
SPEC_RE = r"^(RFC[1-9][0-9]{2,4}(#[0-9A-Z]+(\.[0-9]+)*)?|draft-[a-z0-9]+(-[a-z0-9]+)+)$"
SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HEADER_RE = r"^[A-Za-z][A-Za-z0-9-]*$"
URL_RE = r"^https://[^\s<>\"'`]+$"
# Markdown links and reference definitions inside texts: their targets are checked below.
MD_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)", re.M)
SITE_LINK_RE = re.compile(r"^/(codes|faq|guide)/([a-z0-9-]+)/(#[a-z0-9-]+)?$|^/(glossary|urls|api)/(#[a-z0-9-]+)?$")

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Spec = Annotated[str, StringConstraints(pattern=SPEC_RE)]
Slug = Annotated[str, StringConstraints(pattern=SLUG_RE, max_length=40)]
HeaderName = Annotated[str, StringConstraints(pattern=HEADER_RE, max_length=60)]
Url = Annotated[str, StringConstraints(pattern=URL_RE, max_length=300)]
# A page's path below the site root, as in its URL: "codes/404/", "faq/expired-token/".
SitePath = Annotated[str, StringConstraints(pattern=r"^([a-z0-9]+(-[a-z0-9]+)*/)+$", max_length=80)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BandText(Model):
    name: ShortText
    summary: Text
    description: Text


class Band(Model):
    """A class of status codes (1xx to 5xx)."""

    id: Annotated[str, StringConstraints(pattern=r"^[1-5]xx$")]
    range: tuple[StrictInt, StrictInt]
    ko: BandText
    en: BandText


class FormerPhrase(Model):
    phrase: ShortText
    spec: Spec


class Confusion(Model):
    code: StrictInt
    ko: Text
    en: Text


class Header(Model):
    name: HeaderName
    level: Literal["MUST", "SHOULD", "MAY", "none"]
    direction: Literal["request", "response"]
    spec: Spec
    ko: Text
    en: Text


class CodeText(Model):
    aka: tuple[ShortText, ...] = ()  # what people also call it ("권한 없음"): shown, and searchable
    summary: Text
    description: Text
    use: Text
    avoid: Text
    mistakes: Text
    cache_note: str = ""


class KoCodeText(CodeText):
    name: ShortText


class StatusCode(Model):
    """One entry of the IANA HTTP Status Code Registry."""

    code: StrictInt
    phrase: ShortText
    status: Literal["permanent", "temporary", "unused", "obsoleted", "deprecated"]
    spec: Spec
    former_phrases: tuple[FormerPhrase, ...] = ()
    related: tuple[StrictInt, ...] = ()
    cache: Literal["heuristic", "explicit", "never", "not-by-default", "interim"]
    cache_spec: Spec
    example: str = ""
    ko: KoCodeText
    en: CodeText
    confused: tuple[Confusion, ...] = ()
    headers: tuple[Header, ...] = ()


class UnofficialText(Model):
    summary: Text
    description: Text


class Unofficial(Model):
    """A non-standard meaning of a number, as one vendor uses it."""

    code: StrictInt
    phrase: ShortText
    vendor: ShortText
    source: Url
    sent: StrictBool
    ko: UnofficialText
    en: UnofficialText


class FaqText(Model):
    question: ShortText
    answer: Text
    explanation: Text


class FaqEntry(Model):
    slug: Slug
    related: tuple[StrictInt, ...]
    sources: tuple[Spec, ...] = ()
    ko: FaqText
    en: FaqText


class GlossaryTerm(Model):
    """One concept, its Korean term, and the spellings people type instead."""

    id: Slug
    en: ShortText
    ko: ShortText
    avoid: tuple[ShortText, ...] = ()
    note_ko: str = ""
    note_en: str = ""


class GuideText(Model):
    question: ShortText
    hint: Text


class GuideStep(Model):
    """One yes/no question of the decision guide; `yes` and `no` name a step or "code:<n>"."""

    id: Slug
    yes: Annotated[str, StringConstraints(pattern=r"^(code:[1-5][0-9][0-9]|[a-z0-9]+(-[a-z0-9]+)*)$")]
    no: Annotated[str, StringConstraints(pattern=r"^(code:[1-5][0-9][0-9]|[a-z0-9]+(-[a-z0-9]+)*)$")]
    ko: GuideText
    en: GuideText


class Library(Model):
    label: ShortText
    symbol: ShortText
    version: ShortText  # what the names were checked against, shown on every page
    checked: Text
    source: Url


class CodeName(Model):
    lib: str
    name: ShortText
    since: str = ""
    state: Literal["current", "alias", "deprecated"] = "current"
    deprecated_since: str = ""
    use: str = ""
    text: str = ""


class Meta(Model):
    registry_checked: dt.date
    registry_url: Url


class Catalog(Model):
    """Everything in data/codes.toml, validated."""

    meta: Meta
    ui: dict[Literal["ko", "en"], dict[str, Text]]
    classes: tuple[Band, ...]
    codes: tuple[StatusCode, ...]
    unofficial: tuple[Unofficial, ...] = ()
    faq: tuple[FaqEntry, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    guide: tuple[GuideStep, ...] = ()
    libraries: dict[str, Library] = {}
    names: dict[str, tuple[CodeName, ...]] = {}
    redirects: dict[SitePath, SitePath] = {}

    # Derived views used by the templates.
    def code(self, number: int) -> StatusCode | None:
        return next((c for c in self.codes if c.code == number), None)

    def numbers(self) -> list[int]:
        """Every number that gets a page: registered codes and unofficial-only numbers."""
        return sorted({c.code for c in self.codes} | {u.code for u in self.unofficial})

    def unofficial_for(self, number: int) -> list[Unofficial]:
        return [u for u in self.unofficial if u.code == number]

    def names_for(self, number: int) -> tuple[CodeName, ...]:
        return self.names.get(str(number), ())

    def band(self, number: int) -> Band:
        return next(b for b in self.classes if b.range[0] <= number <= b.range[1])


class CatalogError(Exception):
    """Raised with every problem found; str() is one problem a line, then a count."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems) + f"\n{len(problems)} problem(s) found")


def load_catalog(path: Path | str) -> Catalog:
    path = Path(path)
    shown = _shown(path)
    source = path.read_text(encoding="utf-8")
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, col = where.groups() if where else ("?", "?")
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise CatalogError([f"{shown}:{line}:{col}: TOML syntax error: {message}"]) from None
    locator = _Locator(shown, source, raw)
    catalog, problems = _validate(raw, locator)
    problems += [locator.at(loc, message) for loc, message in _cross_checks(raw)]
    if problems:
        line = lambda problem: int(problem.split(":")[1])  # noqa: E731  (file:line: ...)
        raise CatalogError(sorted(problems, key=line))
    return catalog


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _validate(raw: dict, locator: _Locator) -> tuple[Catalog, list[str]]:
    """Validate each section, and each entry of a list section, on its own, so that one bad
    entry does not hide the problems of the others. Returns the valid parts and the problems."""
    problems, valid = [], {}
    for key in raw:
        if key not in Catalog.model_fields:
            problems.append(locator.at((key,), "unknown key"))
    for key, field in Catalog.model_fields.items():
        if key not in raw:
            if field.is_required():
                problems.append(locator.at((key,), "missing required section"))
            continue
        adapter = TypeAdapter(field.annotation)
        is_list = typing.get_origin(field.annotation) is tuple and isinstance(raw[key], list)
        items = list(enumerate(raw[key])) if is_list else [(None, raw[key])]
        item_adapter = TypeAdapter(typing.get_args(field.annotation)[0]) if is_list else adapter
        good = []
        for index, item in items:
            prefix = (key,) if index is None else (key, index)
            try:
                good.append(item_adapter.validate_python(item))
            except ValidationError as error:
                problems += [locator.describe(e, prefix) for e in error.errors()]
        if good:
            valid[key] = tuple(good) if is_list else good[0]
    defaults = {"meta": None, "ui": {}, "classes": (), "codes": ()}
    return Catalog.model_construct(**{**defaults, **valid}), problems


def _cross_checks(raw: dict):
    """Rules that span entries, checked on the raw data so that an entry with a schema problem
    is still checked for the rest. Values of the wrong type are skipped: the schema reports
    them. Yields (location, message) pairs."""

    def entries(section: str):
        items = raw.get(section, [])
        return [(i, e) for i, e in enumerate(items) if isinstance(e, dict)] if isinstance(items, list) else []

    def ints(value) -> list[int]:
        return [v for v in value if isinstance(v, int)] if isinstance(value, list) else []

    bands = []
    for i, band in entries("classes"):
        ident, span = band.get("id"), band.get("range")
        if isinstance(ident, str) and re.fullmatch(r"[1-5]xx", ident) and len(ints(span)) == 2:
            first = int(ident[0]) * 100
            if span != [first, first + 99]:
                yield ("classes", i, "range"), f"must be [{first}, {first + 99}] for {ident}"
            bands.append(span)
    band_ids = sorted(str(b.get("id")) for _, b in entries("classes"))
    if band_ids != ["1xx", "2xx", "3xx", "4xx", "5xx"]:
        yield ("classes",), f"must define 1xx, 2xx, 3xx, 4xx and 5xx once each (found {', '.join(band_ids) or 'none'})"

    registered = {c["code"] for _, c in entries("codes") if isinstance(c.get("code"), int)}
    pages = registered | {u["code"] for _, u in entries("unofficial") if isinstance(u.get("code"), int)}
    for section in ("codes", "unofficial"):
        seen = set()
        for i, entry in entries(section):
            number = entry.get("code")
            if not isinstance(number, int):
                continue
            if not 100 <= number <= 599:
                yield (section, i, "code"), f"{number} is outside 100-599"
            elif bands and not any(lo <= number <= hi for lo, hi in bands):
                yield (section, i, "code"), f"{number} lies outside the range of every class"
            key = number if section == "codes" else (number, entry.get("vendor"))
            if key in seen:
                yield (section, i, "code"), f"duplicate entry for {number}" + (f" by {key[1]}" if section != "codes" else "")
            seen.add(key)

    for i, c in entries("codes"):
        if c.get("status") in ("unused", "obsoleted") and c.get("cache") == "heuristic":
            yield ("codes", i, "cache"), "an unused or obsoleted code cannot be heuristically cacheable"
        if bool(_get(c, "ko", "aka")) != bool(_get(c, "en", "aka")):
            yield ("codes", i, "en" if _get(c, "ko", "aka") else "ko", "aka"), "other names must be given in both languages or neither"
        related, confused = (c.get(key) if isinstance(c.get(key), list) else [] for key in ("related", "confused"))
        refs = [(("codes", i, "related", j), n) for j, n in enumerate(related) if isinstance(n, int)]
        refs += [(("codes", i, "confused", j, "code"), x.get("code")) for j, x in enumerate(confused)
                 if isinstance(x, dict) and isinstance(x.get("code"), int)]
        for loc, n in refs:
            if n == c.get("code"):
                yield loc, "a code cannot refer to itself"
            elif n not in registered:
                yield loc, f"refers to {n}, which is not a registered code in this file"

    slugs = set()
    for i, f in entries("faq"):
        if f.get("slug") in slugs:
            yield ("faq", i, "slug"), f"duplicate FAQ slug '{f.get('slug')}'"
        slugs.add(f.get("slug"))
        if f.get("sources") == []:
            yield ("faq", i, "sources"), "needs at least one normative source"
        for j, n in enumerate(f.get("related", []) if isinstance(f.get("related"), list) else []):
            if isinstance(n, int) and n not in pages:
                yield ("faq", i, "related", j), f"refers to {n}, which has no page"

    ui = raw.get("ui", {}) if isinstance(raw.get("ui"), dict) else {}
    ko_keys, en_keys = (set(ui.get(lang, {})) if isinstance(ui.get(lang), dict) else set() for lang in LANGS)
    for lang, missing in (("en", ko_keys - en_keys), ("ko", en_keys - ko_keys)):
        for key in sorted(missing):
            yield ("ui", lang, key), f"missing {LANG_NAMES[lang]} text"

    names = raw.get("names", {}) if isinstance(raw.get("names"), dict) else {}
    libraries = raw.get("libraries", {}) if isinstance(raw.get("libraries"), dict) else {}
    for number, items in names.items():
        if not number.isdigit() or int(number) not in pages:
            yield ("names", number), f"'{number}' is not a number that has a page"
        for j, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict) and isinstance(item.get("lib"), str) and item["lib"] not in libraries:
                yield ("names", number, j, "lib"), f"unknown library '{item['lib']}' (not in [libraries])"

    steps = {g.get("id"): (i, g) for i, g in entries("guide")}
    for i, g in entries("guide"):
        for answer in ("yes", "no"):
            target = g.get(answer)
            if not isinstance(target, str):
                continue
            if target.startswith("code:"):
                if target[5:].isdigit() and int(target[5:]) not in registered:
                    yield ("guide", i, answer), f"ends on {target[5:]}, which is not a registered code"
            elif target not in steps:
                yield ("guide", i, answer), f"goes to step '{target}', which does not exist"
    if steps:
        yield from _check_guide_paths(steps)

    redirects = raw.get("redirects", {}) if isinstance(raw.get("redirects"), dict) else {}
    page_paths = {f"codes/{n}/" for n in pages} | {f"faq/{f.get('slug')}/" for _, f in entries("faq")}
    page_paths |= {f"codes/{b.get('id')}/" for _, b in entries("classes")} | {"codes/", "faq/", "glossary/", "guide/", "urls/", "api/"}
    for old, new in redirects.items():
        if old in page_paths:
            yield ("redirects", old), "a page lives at this path: it cannot also redirect"
        if isinstance(new, str) and new not in page_paths:
            yield ("redirects", old), f"target '{new}' is not a page of the site"

    for i, g in entries("guide"):
        if steps[g.get("id")][0] != i:  # a later step took this id
            yield ("guide", i, "id"), f"duplicate step id '{g.get('id')}'"

    ids = set()
    for i, t in entries("glossary"):
        if t.get("id") in ids:
            yield ("glossary", i, "id"), f"duplicate glossary id '{t.get('id')}'"
        ids.add(t.get("id"))

    for section in ("classes", "codes", "unofficial", "faq", "glossary", "guide"):
        for i, entry in entries(section):
            yield from _check_texts((section, i), entry, pages)


def _get(entry: dict, *keys):
    for key in keys:
        entry = entry.get(key) if isinstance(entry, dict) else None
    return entry


def _check_guide_paths(steps: dict):
    """From the first step every step is reachable, and every path ends on a code (no loops)."""
    first = next(iter(steps))
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


def _check_texts(prefix: tuple, entry, pages: set[int]):
    """Links in every text of an entry: https, or a site page that exists."""
    for loc, text in _strings(prefix, entry):
        if "![" in text:
            yield loc, "images are not allowed in texts"
        for match in MD_LINK_RE.finditer(text):
            target = match.group(1) or match.group(2) or ""
            if target.startswith("https://") or target.startswith("http://"):
                if re.search(r"[\s<>\"'`]", target):
                    yield loc, f"malformed link target '{target}'"
                continue
            site = SITE_LINK_RE.match(target)
            if not site:
                yield loc, f"link target '{target}' must be https:// or a site page like /codes/404/"
            elif site.group(1) == "codes" and site.group(2).isdigit() and int(site.group(2)) not in pages:
                yield loc, f"link to /codes/{site.group(2)}/, which has no page"


def _strings(prefix: tuple, value):
    if isinstance(value, str):
        yield prefix, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(prefix + (name,), item)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(prefix + (i,), item)


class _Locator:
    """Turns a pydantic location into `file:line: entry.field` using the raw TOML."""

    def __init__(self, path: str, source: str, raw: dict):
        self.path, self.raw = path, raw
        self.lines: dict[str, list[int]] = {}  # [[section]] -> line of each entry
        self.keys: dict[tuple[str, str], int] = {}  # ([table], key) -> line of "key = ..."
        table = ""
        for number, line in enumerate(source.splitlines(), 1):
            if header := re.match(r"\s*\[\[\s*([a-z_]+)\s*\]\]", line):
                self.lines.setdefault(header.group(1), []).append(number)
                table = ""
            elif header := re.match(r"\s*\[\s*([a-z_.]+)\s*\]", line):
                table = header.group(1)
                self.keys.setdefault((table, ""), number)
            elif key := re.match(r'\s*"?([A-Za-z0-9_-]+)"?\s*=', line):
                self.keys.setdefault((table, key.group(1)), number)

    def at(self, loc: tuple, message: str) -> str:
        parts, line = [], None
        for i, key in enumerate(loc):
            if isinstance(key, int) and i == 1:
                items = self.raw.get(loc[0], [])
                entry = items[key] if key < len(items) else {}
                ident = entry.get("code", entry.get("slug", entry.get("id"))) if isinstance(entry, dict) else None
                if loc[0] == "unofficial" and isinstance(entry, dict) and "vendor" in entry:
                    ident = f"{ident} {entry['vendor']}"
                parts[-1] += f"[{ident if ident is not None else '#' + str(key + 1)}]"
                found = self.lines.get(loc[0], [])
                line = found[key] if key < len(found) else None
            elif isinstance(key, int):
                parts[-1] += f"[{key}]"
            else:
                parts.append(str(key))
                if line is None and i > 0 and loc[0] not in self.lines:
                    table = ".".join(str(k) for k in loc[:i])
                    line = self.keys.get((table, str(key))) or self.keys.get((table, ""))
        if line is None and loc:
            line = self.keys.get(("", str(loc[0]))) or self.keys.get((str(loc[0]), ""))
        return f"{self.path}:{line or 1}: {'.'.join(parts)}: {message}"

    def describe(self, error: dict, prefix: tuple = ()) -> str:
        loc = prefix + tuple(k for k in error["loc"] if not (isinstance(k, str) and k.startswith(("function-", "lax-", "strict-"))))
        kind = error["type"]
        if kind == "missing" and loc and loc[-2:-1] and loc[-2] in LANGS:
            message = f"missing {LANG_NAMES[loc[-2]]} text"
        elif kind == "missing" and loc and loc[-1] in LANGS:
            message = f"missing {LANG_NAMES[loc[-1]]} texts"
        elif kind == "missing":
            message = "missing required field"
        elif kind == "extra_forbidden":
            message = "unknown key"
        elif kind == "string_too_short":
            message = "empty text" + (f" ({LANG_NAMES[loc[-2]]})" if len(loc) > 1 and loc[-2] in LANGS else "")
        elif kind == "string_pattern_mismatch":
            message = f"malformed value {error['input']!r}: {_PATTERN_HINTS.get(error['ctx']['pattern'], 'does not match ' + error['ctx']['pattern'])}"
        elif kind == "literal_error":
            message = f"{error['input']!r} is not one of {error['ctx']['expected']}"
        else:
            message = f"{error['msg']} (got {error['input']!r})" if "input" in error and not isinstance(error["input"], (dict, list)) else error["msg"]
        return self.at(loc, message)


_PATTERN_HINTS = {
    SPEC_RE: "expected a spec reference like RFC9110#15.5.2, RFC8297 or draft-name-00",
    SLUG_RE: "expected lowercase letters, digits and single hyphens",
    HEADER_RE: "expected a header name like Retry-After",
    URL_RE: "expected an https:// URL",
    r"^[1-5]xx$": "expected a class id from 1xx to 5xx",
}
