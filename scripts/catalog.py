"""Load and validate `data/codes.toml`, the one source of every fact and sentence on the site.

Nothing else reads the file. `load_catalog(path)` parses it, checks every entry against the
typed model below and every rule of `scripts/rules.py`, and either returns a frozen `Catalog` or
raises `CatalogError` carrying every problem, one line each, at the line of the field itself:

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

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    TypeAdapter,
    ValidationError,
)

from scripts import rules
from scripts.tomllines import key_lines, line_of

LANGS = ("ko", "en")
LANG_NAMES = {"ko": "Korean", "en": "English"}

# "RFC9110#15.5.2", "RFC8297" or an Internet-Draft name such as "draft-ietf-httpbis-resumable-upload-05".
SPEC_RE = r"^(RFC[1-9][0-9]{2,4}(#[0-9A-Z]+(\.[0-9]+)*)?|draft-[a-z0-9]+(-[a-z0-9]+)+)$"
SLUG_RE = r"^[a-z0-9]+(-[a-z0-9]+)*$"
HEADER_RE = r"^[A-Za-z][A-Za-z0-9-]*$"
# An https address in a strict form: a host, then the characters of RFC 3986 paths, queries and
# fragments, without brackets, parentheses or quotes (percent-encode them: %28, %29).
URL_RE = r"^https://[A-Za-z0-9.-]+(:[0-9]+)?(/[A-Za-z0-9._~%!$&*+,;=:@/?#-]*)?$"


def unwrap(text):
    """Prose is written one sentence per line, so that a diff shows the sentence that changed; a
    line break inside a paragraph is a space, and paragraphs are separated by a blank line."""
    if not isinstance(text, str):
        return text
    return "\n\n".join(" ".join(p.split()) for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip())


Text = Annotated[str, BeforeValidator(unwrap), StringConstraints(min_length=1)]
UiText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]  # may hold a Markdown list
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
    conditional: StrictBool = False  # the level holds only in a situation its text names
    ko: Text
    en: Text


class CodeText(Model):
    aka: tuple[ShortText, ...] = ()  # what people also call it ("권한 없음"): shown, and searchable
    summary: Text
    visitor: Text | None = None  # for someone who met the code in a browser: what it means, what to do
    description: Text
    use: Text
    avoid: Text
    mistakes: Text
    cache_note: Text | None = None


class KoCodeText(CodeText):
    name: ShortText


class CodeName(Model):
    """A library's name for a status code, as written in code (`HTTPStatus.NOT_FOUND`)."""

    lib: str
    name: ShortText
    since: str = ""
    state: Literal["current", "alias", "deprecated", "removed"] = "current"
    deprecated_since: str = ""
    removed_in: str = ""  # the release that no longer has it (state = "removed")
    use: str = ""
    text: str = ""


class UnofficialText(Model):
    summary: Text
    visitor: Text | None = None
    description: Text


class Unofficial(Model):
    """A non-standard meaning of a number, as one vendor uses it."""

    phrase: ShortText
    vendor: ShortText
    source: Url
    sent: StrictBool
    ko: UnofficialText
    en: UnofficialText


class Sending(Model):
    """How to send a code: one request, the response headers every snippet answers it with (the
    exact value, or "*" for any; `Allow` compares as a set), and each framework's snippet."""

    request: str
    expect: dict[HeaderName, ShortText] = {}
    problem: StrictBool = False  # the body is RFC 9457 problem details
    snippets: dict[Slug, str]


class StatusCode(Model):
    """One entry of the IANA HTTP Status Code Registry, with everything the site says about it."""

    code: StrictInt
    phrase: ShortText
    status: Literal["permanent", "temporary", "unused", "obsoleted", "deprecated"]
    spec: Spec
    former_phrases: tuple[FormerPhrase, ...] = ()
    related: tuple[StrictInt, ...] = ()
    cache: Literal["heuristic", "explicit", "never", "not-by-default", "interim"]
    cache_spec: Spec
    names: tuple[CodeName, ...] = ()
    example: str = ""
    ko: KoCodeText
    en: CodeText
    confused: tuple[Confusion, ...] = ()
    headers: tuple[Header, ...] = ()
    unofficial: tuple[Unofficial, ...] = ()
    send: Sending | None = None
    facts: dict[Slug, Slug] = {}  # what the comparison tables say of the code: {"redirect-method": "kept"}
    reviewed: dt.date | None = None  # when the entry was last read against its sources

    registered: typing.ClassVar[bool] = True

    def fact(self, name: str) -> str | None:
        """A comparison fact: one of `facts`, or the caching rule (`cache`) the entry states anyway."""
        return self.cache if name == "cache" else self.facts.get(name)


class UnassignedNumber(Model):
    """A number the registry leaves unassigned, which vendors use anyway (nginx 499)."""

    code: StrictInt
    status: Literal["unassigned"]
    names: tuple[CodeName, ...] = ()
    unofficial: tuple[Unofficial, ...] = Field(min_length=1)
    reviewed: dt.date | None = None

    registered: typing.ClassVar[bool] = False


Entry = StatusCode | UnassignedNumber


class FaqText(Model):
    question: ShortText
    answer: Text
    explanation: Text


class FaqEntry(Model):
    slug: Slug
    answer_codes: tuple[StrictInt, ...] = ()  # the code(s) the answer recommends, stated once
    related: tuple[StrictInt, ...]
    sources: tuple[Spec, ...] = ()
    ko: FaqText
    en: FaqText


class ComparisonValue(Model):
    ko: ShortText
    en: ShortText


class ComparisonColumn(Model):
    """A column of a comparison table: a fact every compared code states, and what each value reads."""

    fact: Slug
    ko: ShortText
    en: ShortText
    values: dict[Slug, ComparisonValue] = Field(min_length=2)


class ComparisonText(Model):
    title: ShortText
    lead: Text


class Comparison(Model):
    """A side-by-side table of codes people confuse, built from the codes' `facts`."""

    id: Slug
    codes: tuple[StrictInt, ...] = Field(min_length=2)
    faq: tuple[Slug, ...] = ()  # the questions that link to the table
    ko: ComparisonText
    en: ComparisonText
    columns: tuple[ComparisonColumn, ...] = Field(min_length=1)


class GlossaryTerm(Model):
    """One concept, its Korean term, and the spellings people type instead."""

    id: Slug
    en: ShortText
    ko: ShortText
    avoid: tuple[ShortText, ...] = ()
    note_ko: Text | None = None
    note_en: Text | None = None


class GuideText(Model):
    question: ShortText
    hint: Text


GuideTarget = Annotated[str, StringConstraints(pattern=r"^(code:[1-5][0-9][0-9]|[a-z0-9]+(-[a-z0-9]+)*)$")]


class GuideStep(Model):
    """One yes/no question of the decision guide; `yes` and `no` name a step or "code:<n>"."""

    id: Slug
    yes: GuideTarget
    no: GuideTarget
    faq: Slug | None = None  # the question whose situation this step decides: "yes" must end on its answer
    ko: GuideText
    en: GuideText


class Library(Model):
    label: ShortText
    symbol: ShortText
    version: ShortText  # what the names were checked against, shown on every page
    checked: Text
    source: Url


class Framework(Model):
    """A web framework the "how to send it" snippets are written for."""

    label: ShortText
    language: Literal["python", "javascript", "go", "java", "csharp", "ruby"]  # for highlighting
    comment: Literal["#", "//"]  # what starts a comment line: `# ko:` / `# en:` mark its languages
    version: ShortText  # what the snippets were written, and if executed tested, against
    executed: StrictBool  # the test suite runs every snippet and checks the response
    names: str = ""  # the library in [libraries] whose current names the snippets must use


class Meta(Model):
    registry_checked: dt.date
    registry_url: Url


class Catalog(Model):
    """Everything in data/codes.toml, validated. `codes` holds one entry per number that has a
    page, in numeric order whatever the order of the file."""

    meta: Meta
    ui: dict[Literal["ko", "en"], dict[str, UiText]]
    classes: tuple[Band, ...]
    libraries: dict[str, Library] = {}
    frameworks: dict[Slug, Framework] = {}
    codes: tuple[Entry, ...]
    faq: tuple[FaqEntry, ...] = ()
    guide: tuple[GuideStep, ...] = ()
    glossary: tuple[GlossaryTerm, ...] = ()
    comparisons: tuple[Comparison, ...] = ()
    redirects: dict[SitePath, SitePath] = {}

    def entry(self, number: int) -> Entry | None:
        return next((c for c in self.codes if c.code == number), None)

    def code(self, number: int) -> StatusCode | None:
        """The registered code `number`, or None."""
        entry = self.entry(number)
        return entry if entry is not None and entry.registered else None

    def registered(self) -> list[StatusCode]:
        return [c for c in self.codes if c.registered]

    def numbers(self) -> list[int]:
        """Every number that gets a page: registered codes and unassigned numbers in use."""
        return [c.code for c in self.codes]

    def unofficial_for(self, number: int) -> tuple[Unofficial, ...]:
        entry = self.entry(number)
        return entry.unofficial if entry else ()

    def unofficial_meanings(self) -> list[tuple[int, Unofficial]]:
        return [(c.code, u) for c in self.codes for u in c.unofficial]

    def names_for(self, number: int) -> tuple[CodeName, ...]:
        entry = self.entry(number)
        return entry.names if entry else ()

    def comparisons_of(self, number: int) -> list[Comparison]:
        return [comparison for comparison in self.comparisons if number in comparison.codes]

    def comparisons_for(self, slug: str) -> list[Comparison]:
        return [comparison for comparison in self.comparisons if slug in comparison.faq]

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
    data = path.read_bytes()
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - data.rfind(b"\n", 0, error.start)
        raise CatalogError([f"{shown}:{line}:{column}: not valid UTF-8 (byte 0x{data[error.start]:02x})"]) from None
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        where = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line, col = where.groups() if where else ("?", "?")
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        raise CatalogError([f"{shown}:{line}:{col}: TOML syntax error: {message}"]) from None
    catalog, found = _validate(raw)
    site = rules.outline(raw, catalog)
    found += [problem for rule in rules.RULES for problem in rule(raw, site)]
    if found:
        locate = _Locator(shown, source, raw)
        problems = [locate(loc, message) for loc, message in found]
        raise CatalogError(sorted(problems, key=lambda problem: int(problem.split(":")[1])))
    return catalog


def problem_at(path: Path | str, loc: tuple, message: str) -> str:
    """One problem found after loading, in the same form: `file:line: entry.field: message`."""
    path = Path(path)
    source = path.read_text(encoding="utf-8")
    return _Locator(_shown(path), source, tomllib.loads(source))(loc, message)


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the current folder when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _model_for(section: str, item) -> type:
    """The model an entry of a list section is checked against."""
    if section == "codes":
        return UnassignedNumber if isinstance(item, dict) and item.get("status") == "unassigned" else StatusCode
    return typing.get_args(Catalog.model_fields[section].annotation)[0]


def _validate(raw: dict) -> tuple[Catalog, list[tuple[tuple, str]]]:
    """Validate each section, and each entry of a list section, on its own, so that one bad
    entry does not hide the problems of the others. Returns the valid parts and the problems."""
    problems, valid = [], {}
    for key in raw:
        if key not in Catalog.model_fields:
            problems.append(((key,), "unknown key"))
    for key, field in Catalog.model_fields.items():
        if key not in raw:
            if field.is_required():
                problems.append(((key,), "missing required section"))
            continue
        is_list = typing.get_origin(field.annotation) is tuple and isinstance(raw[key], list)
        items = list(enumerate(raw[key])) if is_list else [(None, raw[key])]
        good = []
        for index, item in items:
            prefix = (key,) if index is None else (key, index)
            adapter = TypeAdapter(_model_for(key, item) if is_list else field.annotation)
            try:
                good.append(adapter.validate_python(item))
            except ValidationError as error:
                problems += [_describe(e, prefix) for e in error.errors()]
        if good:
            valid[key] = tuple(good) if is_list else good[0]
    if "codes" in valid:
        valid["codes"] = tuple(sorted(valid["codes"], key=lambda entry: entry.code))
    defaults = {"meta": None, "ui": {}, "classes": (), "codes": ()}
    return Catalog.model_construct(**{**defaults, **valid}), problems


def _describe(error: dict, prefix: tuple) -> tuple[tuple, str]:
    """A pydantic error -> (location, message in the project's words)."""
    loc = prefix + tuple(
        k for k in error["loc"] if not (isinstance(k, str) and k.startswith(("function-", "lax-", "strict-")))
    )
    kind = error["type"]
    if kind == "too_short" and isinstance(error.get("input"), str):
        kind = "string_too_short"
    if kind in ("missing", "too_short") and loc[-1] == "unofficial":
        message = 'a number outside the registry (status = "unassigned") needs at least one unofficial meaning'
    elif kind == "missing" and loc[-2:-1] and loc[-2] in LANGS:
        message = f"missing {LANG_NAMES[loc[-2]]} text"
    elif kind == "missing" and loc[-1] in LANGS:
        message = f"missing {LANG_NAMES[loc[-1]]} texts"
    elif kind == "missing":
        message = "missing required field"
    elif kind == "extra_forbidden":
        message = "unknown key"
    elif kind == "string_too_short":
        message = "empty text" + (f" ({LANG_NAMES[loc[-2]]})" if len(loc) > 1 and loc[-2] in LANGS else "")
    elif kind == "string_pattern_mismatch":
        pattern = error["ctx"]["pattern"]
        message = f"malformed value {error['input']!r}: {_PATTERN_HINTS.get(pattern, 'does not match ' + pattern)}"
    elif kind == "literal_error":
        message = f"{error['input']!r} is not one of {error['ctx']['expected']}"
    elif "input" in error and not isinstance(error["input"], (dict, list)):
        message = f"{error['msg']} (got {error['input']!r})"
    else:
        message = error["msg"]
    return loc, message


_PATTERN_HINTS = {
    SPEC_RE: "expected a spec reference like RFC9110#15.5.2, RFC8297 or draft-name-00",
    SLUG_RE: "expected lowercase letters, digits and single hyphens",
    HEADER_RE: "expected a header name like Retry-After",
    URL_RE: "expected an https:// URL",
    r"^[1-5]xx$": "expected a class id from 1xx to 5xx",
}

# The key that names an entry of a list in messages: codes[404], faq[expired-token], guide[start].
_IDENTITY = ("code", "slug", "id", "vendor", "name", "fact")


class _Locator:
    """(location, message) -> `file:line: codes[404].ko.summary: message`, at the field's own line."""

    def __init__(self, shown: str, source: str, raw: dict):
        self.shown, self.raw, self.lines = shown, raw, key_lines(source)

    def __call__(self, loc: tuple, message: str) -> str:
        parts, value = [], self.raw
        for key in loc:
            if isinstance(key, int):
                item = value[key] if isinstance(value, list) and key < len(value) else None
                label = key
                if isinstance(item, dict):  # an entry: named by its number, slug, id...
                    ident = next((item[k] for k in _IDENTITY if k in item), None)
                    label = ident if isinstance(ident, (str, int)) and not isinstance(ident, bool) else f"#{key + 1}"
                parts[-1] += f"[{label}]" if parts else f"[{key}]"
                value = item
            else:
                parts.append(str(key))
                value = value.get(key) if isinstance(value, dict) else None
        return f"{self.shown}:{line_of(self.lines, loc) or 1}: {'.'.join(parts)}: {message}"
