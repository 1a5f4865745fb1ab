"""MkDocs hooks: generate the pages from data/codes.toml, then finish the built site.

mkdocs-static-i18n builds the Korean site, then the English one from inside the Korean build's
`on_post_build`, so every event below runs once per language. The generator is idempotent and
writes only what changed; the site-wide steps run once, after the last language.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `mkdocs` does not put the project on sys.path
    sys.path.insert(0, str(ROOT))

from scripts import postbuild  # noqa: E402
from scripts.catalog import CatalogError  # noqa: E402
from scripts.catalog import load_catalog  # noqa: E402
from scripts.generate import DATA, render_site, write_if_changed  # noqa: E402


def mark(event: str, config, since: float | None = None) -> None:
    """`make bench` sets HSC_TIMINGS to a file: record when each step of the build happens."""
    if os.environ.get("HSC_TIMINGS"):
        with open(os.environ["HSC_TIMINGS"], "a", encoding="utf-8") as log:
            now = time.perf_counter()
            log.write(f"{now:.6f} {event} {config.theme['language']} {now - since if since else 0:.6f}\n")


def on_config(config):
    if "catalog" in config.extra:
        return config  # static-i18n configures the English build again: the data is loaded
    started = time.perf_counter()
    try:
        catalog = load_catalog(DATA)
    except CatalogError as error:
        # Abort before MkDocs reads docs/: the previous pages stay as they were (and under
        # `mkdocs serve`, the last good build stays served until the data is fixed).
        raise PluginError(f"{error}\ngenerate failed: nothing was written") from None
    config.extra["catalog"] = catalog
    config.extra["ui"] = catalog.ui  # for overrides/404.html
    mark("validate", config, started)
    return config


def on_pre_build(config):
    mark("build-start", config)
    catalog = config.extra["catalog"]
    if config.extra.get("rendered") is not catalog:  # both languages come from one rendering
        started = time.perf_counter()
        write_if_changed(render_site(catalog), Path(config.docs_dir))
        config.extra["rendered"] = catalog
        mark("render", config, started)


def on_page_markdown(markdown, page, config, files):
    # The data API page shows absolute URLs of the deployment (curl example).
    return markdown.replace("__SITE_URL__", config.site_url)


def on_serve(server, config, builder):
    # Generated pages are build output: watching them would rebuild a second time after every
    # edit of data/codes.toml. Watch the hand-written assets instead (data/ and scripts/ are in
    # mkdocs.yml's `watch`), so one edit gives one build and one browser reload.
    server.unwatch(config.docs_dir)
    server.watch(str(Path(config.docs_dir) / "assets"))
    return server


def on_post_page(output, page, config):
    return postbuild.fix_page_html(output)


def on_post_template(output, template_name, config):
    if template_name == "404.html":
        postbuild.remember_not_found(config.theme["language"], output)
    return output


@event_priority(-200)  # after static-i18n's on_post_build, which builds the other languages
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    mark("build-end", config)
    if i18n is not None and i18n.building:
        return  # an inner (English) build: the outer build finishes the site
    started = time.perf_counter()
    postbuild.finish_site(Path(config.site_dir), config)
    mark("finish", config, started)
