"""Render data/codes.toml into the Markdown pages of every language.

    python -m scripts.generate            # validate, then write docs/ko/** and docs/en/**
    python -m scripts.generate --check    # validate only; exit 1 with every problem

The catalogue is validated completely before anything is written, so a broken file leaves the
previous pages untouched. Pages are rendered in memory through one jinja2 template per page type
(the language only changes the data passed in), compared with what is on disk, and written only
when their content changed; generated files that are no longer produced are removed. That keeps
`mkdocs serve` from rebuilding in a loop, and two runs on the same data byte-identical.
`scripts/hooks.py` calls `render_site()` before every MkDocs build.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

import jinja2
from markupsafe import Markup

from scripts.catalog import Catalog, CatalogError, load_catalog, problem_at
from scripts.markup import code_span, fence, markdown_text, plain_text, slug, spec_label, spec_url
from scripts.site import CODE_SECTIONS, FAQ_SECTIONS, SiteMap, relative_link, relative_url
from scripts.snippets import for_language

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "codes.toml"
DOCS = ROOT / "docs"
TEMPLATES = Path(__file__).resolve().parent / "templates"
# The address the site is served from when SITE_URL is not set (as in mkdocs.yml).
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"


def safe_output(value) -> Markup:
    """Every {{ value }} in a template: data becomes Markdown-safe text (markdown_text) unless a
    filter or function of ours already made it so (Markup). Nothing from the data is ever
    printed as it is by accident."""
    return value if isinstance(value, Markup) else Markup(markdown_text(str(value), ""))


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # macros return Markup; every other value goes through safe_output
        finalize=safe_output,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.tests["contains"] = lambda sequence, item: item in sequence
    env.filters.update(
        slug=slug,
        spec_url=spec_url,
        spec_label=spec_label,
        plain=lambda text: Markup(plain_text(text)),  # HTML-escaped: for <title>, attributes, HTML
        tojson=lambda value: Markup(json.dumps(value, ensure_ascii=False)),  # front matter
        code=lambda text: Markup(code_span(text)),  # the validator refuses backticks in such fields
        verbatim=lambda text: Markup(text),  # inside a fence made longer than any run in it
        fence=fence,
        # A snippet in the page's language, inside a fence it cannot close (the validator refuses ```).
        for_language=lambda code, comment, lang: Markup(for_language(code, comment, lang)),
    )
    return env


class MissingString(Exception):
    """A template asked for an interface string that [ui.<lang>] does not have."""

    def __init__(self, lang: str, key: str):
        super().__init__(f"ui.{lang}.{key}")
        self.lang, self.key = lang, key


class Strings(dict):
    """The interface strings of one language; a missing one stops the rendering with its name."""

    def __init__(self, lang: str, values: dict[str, str]):
        super().__init__(values)
        self.lang = lang

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            raise MissingString(self.lang, key) from None


def render_site(cat: Catalog, site: SiteMap, site_url: str) -> dict[str, str]:
    """All generated files, as {path below docs/: content}. Raises MissingString."""
    env = environment()
    files = {}
    for lang in site.languages:
        ui = Strings(lang, cat.ui.get(lang, {}))
        for page in site.pages:
            here = page.source

            def md(text: str, here: str = here) -> Markup:
                return Markup(markdown_text(text, here).strip())

            def cell(text: str, here: str = here) -> Markup:
                return Markup(" ".join(markdown_text(text, here).split()).replace("|", "\\|"))

            def link(path: str, here: str = here) -> Markup:
                return Markup(relative_link(path.lstrip("/"), here))

            def href(path: str, here: str = here) -> Markup:
                return Markup(relative_url(path, here))

            template = env.get_template(page.template)
            files[site.source(page.path, lang)] = template.render(
                cat=cat,
                lang=lang,
                ui=ui,
                md=md,
                cell=cell,
                link=link,
                href=href,
                page_url=site_url + site.url(page.path, lang),
                site_url=site_url,
                site=site,
                code_sections=CODE_SECTIONS,
                faq_sections=FAQ_SECTIONS,
                **page.context,
            )
    return files


def write_if_changed(files: dict[str, str], out: Path, languages) -> list[str]:
    """Write changed files under out/<lang>/, remove stale ones; returns the paths touched."""
    touched = []
    for rel, content in sorted(files.items()):
        target = out / rel
        if not target.exists() or target.read_text(encoding="utf-8") != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(content, encoding="utf-8")
            touched.append(rel)
    for lang in languages:
        for existing in sorted((out / lang).rglob("*")):
            rel = existing.relative_to(out).as_posix()
            if existing.is_file() and rel not in files:
                existing.unlink()
                touched.append(rel)
        for folder in sorted((out / lang).rglob("*"), reverse=True):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    return touched


def check(data: Path = DATA, site_url: str = DEFAULT_SITE_URL) -> tuple[Catalog, SiteMap, dict[str, str]]:
    """Validate `data` and render every page in memory: everything that could stop a build is
    found here, before anything is written. Raises CatalogError with every problem."""
    catalog = load_catalog(data)
    site = SiteMap(catalog)
    try:
        return catalog, site, render_site(catalog, site, site_url)
    except MissingString as missing:
        raise CatalogError([problem_at(data, ("ui", missing.lang, missing.key), "missing interface string")]) from None


def generate(data: Path = DATA, out: Path = DOCS, site_url: str = DEFAULT_SITE_URL) -> list[str]:
    """Validate `data`, then bring out/<lang>/ up to date. Raises CatalogError before writing."""
    _, site, files = check(data, site_url)
    return write_if_changed(files, out, site.languages)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.generate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA, help="catalogue to read (default: data/codes.toml)")
    parser.add_argument("--out", type=Path, default=DOCS, help="docs folder to write into (default: docs/)")
    parser.add_argument("--check", action="store_true", help="validate only, write nothing")
    args = parser.parse_args(argv)
    try:
        if args.check:
            cat, _, _ = check(args.data)
            counts = f"{len(cat.registered())} registered codes, {len(cat.unofficial_meanings())} unofficial, {len(cat.faq)} FAQ"
            print(f"{os.path.relpath(args.data)}: OK ({counts})")
            return 0
        touched = generate(args.data, args.out, os.environ.get("SITE_URL") or DEFAULT_SITE_URL)
    except CatalogError as error:
        print(error, file=sys.stderr)
        print("generate failed: nothing was written", file=sys.stderr)
        return 1
    print(f"{len(touched)} file(s) written or removed under {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
