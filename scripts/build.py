"""Build the static site atomically.

    python -m scripts.build [--site-dir site]

MkDocs builds into a new temporary folder beside the target; only a successful strict build
replaces the target, so a failed build never leaves a half-written site/ (mkdocs-static-i18n
writes one language after the other into the same folder). SOURCE_DATE_EPOCH is set from the
last commit, so two builds of the same commit are byte-identical (sitemap dates included).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commit_time() -> str | None:
    result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
    return result.stdout.strip() or None if result.returncode == 0 else None


def build(site_dir: Path, extra_env: dict[str, str] | None = None) -> None:
    site_dir = site_dir.resolve()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if "SOURCE_DATE_EPOCH" not in env and (epoch := commit_time()):
        env["SOURCE_DATE_EPOCH"] = epoch
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-", dir=site_dir.parent))
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
    if subprocess.run(command, cwd=ROOT, env=env).returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        raise SystemExit(f"build failed: {site_dir} was left as it was")
    previous = site_dir.with_name(f"{site_dir.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"site built in {site_dir}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site", help="where the site goes (default: site/)")
    args = parser.parse_args(argv)
    build(args.site_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())
