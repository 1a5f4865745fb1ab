"""Shared fixtures: the real catalogue, real builds of the site, a static server that behaves like
GitHub Pages, and headless Chromium."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.catalog import load_catalog  # noqa: E402
from scripts.site import SiteMap  # noqa: E402
from tools.staticserver import chromium_path, serve  # noqa: E402

PROJECT_PATH = "/http-status/"  # the path of a GitHub project site, for the project-path build


# Fixtures that make a test slow: a browser, a second build, a server. `make test-fast` skips them.
SLOW_FIXTURES = {"browser", "page", "project_site", "project_url", "base_url", "search_pages"}


def pytest_collection_modifyitems(items):
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)
        # Under pytest-xdist (make test-fast), the tests that read a built site run on one worker,
        # which builds it once, while the other worker takes the data tests.
        if {"site", "base_url"} & set(item.fixturenames):
            item.add_marker(pytest.mark.xdist_group("site"))


@pytest.fixture(scope="session")
def docs(tmp_path_factory):
    """The pages generated from the real catalogue, for tests that must see them left untouched."""
    from scripts import generate

    out = tmp_path_factory.mktemp("docs")
    generate.generate(generate.DATA, out)
    return out


@pytest.fixture(scope="session")
def catalog():
    return load_catalog(ROOT / "data" / "codes.toml")


@pytest.fixture(scope="session")
def site_map(catalog):
    return SiteMap(catalog)


def build_site(target: Path, site_url: str | None = None) -> Path:
    env = {"SITE_URL": site_url} if site_url else {}
    subprocess.run(
        [sys.executable, "-m", "scripts.build", "--site-dir", str(target)],
        cwd=ROOT,
        check=True,
        env={**os.environ, **env},
        capture_output=True,
    )
    return target


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site as `make build` makes it, for a user or organisation site at the root."""
    return build_site(tmp_path_factory.mktemp("root") / "site")


@pytest.fixture(scope="session")
def project_site(tmp_path_factory) -> Path:
    """The same site built for a GitHub project site served under /http-status/."""
    return build_site(tmp_path_factory.mktemp("project") / "site", f"https://example.github.io{PROJECT_PATH}")


@pytest.fixture(scope="session")
def base_url(site):
    server, url = serve(site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def project_url(project_site):
    server, url = serve(project_site, PROJECT_PATH)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
