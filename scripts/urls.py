"""Every URL the site has ever published, kept in data/published-urls.txt.

    python -m scripts.urls            # list the site's page URLs (paths below the site root)
    python -m scripts.urls --update   # add the new ones to data/published-urls.txt

The file only grows. tests/test_links.py checks that every URL in it still opens in a fresh build
(as a page or as a redirect from [redirects]), and that every page built is recorded in it.
"""

from __future__ import annotations

import argparse
import sys

from scripts.catalog import Catalog, load_catalog
from scripts.generate import DATA
from scripts.site import SiteMap

PUBLISHED = DATA.parent / "published-urls.txt"
HEADER = "# Every URL path this site has published. Only ever add lines: see scripts/urls.py.\n"


def site_urls(cat: Catalog) -> list[str]:
    """Paths of every page, every language: "/", "/codes/404/", "/en/codes/404/"..."""
    return ["/" + url for url in SiteMap(cat).urls()]


def published() -> list[str]:
    lines = PUBLISHED.read_text(encoding="utf-8").splitlines() if PUBLISHED.exists() else []
    return [line for line in lines if line and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.urls", description=__doc__.split("\n\n")[0])
    parser.add_argument("--update", action="store_true", help="record new URLs in data/published-urls.txt")
    args = parser.parse_args(argv)
    urls = site_urls(load_catalog(DATA))
    if not args.update:
        print("\n".join(urls))
        return 0
    known = published()
    new = [url for url in urls if url not in known]
    PUBLISHED.write_text(HEADER + "".join(f"{url}\n" for url in known + new), encoding="utf-8")
    print(f"{len(new)} new URL(s) recorded in {PUBLISHED.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
