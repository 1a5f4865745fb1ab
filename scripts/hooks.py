"""MkDocs hooks: generate the pages from data/codes.toml, then finish the built site.

mkdocs-static-i18n builds the Korean site, then the English one from inside the Korean build's
`on_post_build`, so every event below runs once per language. What one `mkdocs build` (or one
rebuild under `mkdocs serve`) has learnt is kept in `BUILD`: the catalogue and site map, loaded
once in the first `on_config`, and the not-found page of each language. The site-wide steps run
once, after the last language, and take all of it as arguments (scripts/postbuild.py).
"""

from __future__ import annotations

import os
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` does not put the project on sys.path
    sys.path.insert(0, str(ROOT))

from scripts import gate, postbuild  # noqa: E402
from scripts.catalog import Catalog, CatalogError  # noqa: E402
from scripts.generate import DATA, check, write_if_changed  # noqa: E402
from scripts.site import SiteMap  # noqa: E402

# The deployment address goes into every page: refuse one that could break out of an attribute.
SITE_URL_RE = re.compile(r"^https?://[^\s<>\"'`()\\]+/$")


@dataclass
class Build:
    """What one build knows, from its first on_config to its last on_post_build."""

    catalog: Catalog
    site: SiteMap
    pages: dict[str, str]  # the generated Markdown, written once before the first language builds
    written: bool = False
    not_found: dict[str, str] = field(default_factory=dict)


BUILD: Build | None = None


def mark(event: str, config, since: float | None = None) -> None:
    """`make bench` sets HSC_TIMINGS to a file: record when each step of the build happens."""
    if os.environ.get("HSC_TIMINGS"):
        with open(os.environ["HSC_TIMINGS"], "a", encoding="utf-8") as log:
            now = time.perf_counter()
            log.write(f"{now:.6f} {event} {config.theme['language']} {now - since if since else 0:.6f}\n")


def _is_inner_build(config) -> bool:
    """True for the builds static-i18n starts from inside the first one (the other languages)."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and bool(getattr(i18n, "building", False))


def on_config(config):
    global BUILD
    if BUILD is not None and _is_inner_build(config):
        return config  # static-i18n configures the English build again: the data is loaded
    if not SITE_URL_RE.match(config.site_url or ""):
        raise PluginError(f"site_url {config.site_url!r} must be an http(s) address ending with '/'")
    started = time.perf_counter()
    try:
        catalog, site, pages = check(DATA, config.site_url)
    except CatalogError as error:
        # Abort before MkDocs reads docs/: the previous pages stay as they were (and under
        # `mkdocs serve`, the last good build stays served until the data is fixed).
        raise PluginError(f"{error}\ngenerate failed: nothing was written") from None
    BUILD = Build(catalog, site, pages)
    mark("validate", config, started)
    return config


def on_pre_build(config):
    mark("build-start", config)
    if not BUILD.written:  # every language comes from one rendering, made by on_config
        started = time.perf_counter()
        write_if_changed(BUILD.pages, Path(config.docs_dir), BUILD.site.languages)
        BUILD.written = True
        mark("render", config, started)


def on_env(env, config, files):
    # The one value the theme overrides get: the interface strings and the site map.
    env.globals["hsc"] = {"ui": BUILD.catalog.ui, "site": BUILD.site}
    return env


def on_serve(server, config, builder):
    # Generated pages are build output: watching them would rebuild a second time after every
    # edit of data/codes.toml. Watch the hand-written assets instead (data/ and scripts/ are in
    # mkdocs.yml's `watch`), so one edit gives one build and one browser reload.
    server.unwatch(config.docs_dir)
    server.watch(str(Path(config.docs_dir) / "assets"))
    return server


def on_post_page(output, page, config):
    lang = config.theme["language"]
    return postbuild.fix_page_html(output, BUILD.catalog.ui[lang])


def on_post_template(output, template_name, config):
    if template_name == "404.html":
        lang = config.theme["language"]
        BUILD.not_found[lang] = postbuild.fix_page_html(output, BUILD.catalog.ui[lang])
    return output


@event_priority(-200)  # after static-i18n's on_post_build, which builds the other languages
def on_post_build(config):
    mark("build-end", config)
    if _is_inner_build(config):
        return  # an inner (English) build: the outer build finishes the site
    started = time.perf_counter()
    palette = config.theme["palette"] or []  # Material's: one scheme, or a list of them
    palette = [palette] if isinstance(palette, dict) else palette
    colours = {key: {scheme.get(key) for scheme in palette} for key in ("primary", "accent")}
    postbuild.finish_site(Path(config.site_dir), BUILD.catalog, BUILD.site, config.site_url, BUILD.not_found, colours)
    problems = gate.scan(Path(config.site_dir))
    if problems:
        raise PluginError("the built site failed the last check (scripts/gate.py):\n" + "\n".join(problems[:50]))
    mark("finish", config, started)
