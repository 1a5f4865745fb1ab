"""The generator: deterministic, writes only what changed, removes stale pages, escapes data."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import generate, markup
from scripts.catalog import load_catalog
from scripts.site import SiteMap

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "codes.toml"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def rendered():
    """The real catalogue, its site map and every page, rendered once for the module."""
    return generate.check(DATA)


def test_rendering_is_deterministic(rendered):
    again = load_catalog(DATA)
    assert generate.render_site(again, SiteMap(again), generate.DEFAULT_SITE_URL) == rendered[2]


def test_writes_only_changed_pages_and_removes_stale_ones(tmp_path, rendered):
    _, site, files = rendered
    out = tmp_path / "docs"
    first = generate.write_if_changed(files, out, site.languages)
    assert "ko/codes/404.md" in first and "en/codes/404.md" in first
    before = snapshot(out)
    assert generate.write_if_changed(files, out, site.languages) == []  # nothing changed: nothing written
    assert snapshot(out) == before  # same bytes, same modification times

    (out / "ko" / "codes" / "404.md").write_text("edited by hand", encoding="utf-8")
    (out / "en" / "codes" / "999.md").write_text("stale", encoding="utf-8")
    (out / "ko" / "old").mkdir()
    (out / "ko" / "old" / "page.md").write_text("stale", encoding="utf-8")
    touched = generate.write_if_changed(files, out, site.languages)
    assert sorted(touched) == ["en/codes/999.md", "ko/codes/404.md", "ko/old/page.md"]
    assert not (out / "en" / "codes" / "999.md").exists() and not (out / "ko" / "old").exists()
    assert {k: v[0] for k, v in snapshot(out).items()} == {k: v[0] for k, v in before.items()}


def test_hand_written_assets_are_left_alone(tmp_path, rendered):
    _, site, files = rendered
    out = tmp_path / "docs"
    (out / "assets").mkdir(parents=True)
    (out / "assets" / "site.css").write_text("body {}", encoding="utf-8")
    generate.write_if_changed(files, out, site.languages)
    assert (out / "assets" / "site.css").read_text(encoding="utf-8") == "body {}"


def test_failed_validation_writes_nothing(tmp_path, capsys, docs):
    before = snapshot(docs)
    bad = tmp_path / "codes.toml"
    bad.write_text(DATA.read_text(encoding="utf-8").replace('phrase = "Not Found"', 'phrase = ""', 1), encoding="utf-8")
    assert generate.main(["--data", str(bad), "--out", str(docs)]) == 1
    err = capsys.readouterr().err
    assert "codes[404].phrase: empty text" in err and "nothing was written" in err
    assert snapshot(docs) == before


def test_spec_references_become_exact_links():
    assert markup.spec_url("RFC9110#15.5.2") == "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2"
    assert markup.spec_label("RFC9110#15.5.2") == "RFC 9110 §15.5.2"
    assert markup.spec_url("RFC8297") == "https://www.rfc-editor.org/rfc/rfc8297"
    assert (
        markup.spec_url("draft-ietf-httpbis-resumable-upload-05")
        == "https://datatracker.ietf.org/doc/draft-ietf-httpbis-resumable-upload-05"
    )


def test_site_links_become_relative_links_to_the_markdown_source():
    text = "See [403 Forbidden](/codes/403/#headers) and [FAQ](/faq/401-vs-403/)."
    assert (
        markup.markdown_text(text, "codes/401.md")
        == "See [403 Forbidden](403.md#headers) and [FAQ](../faq/401-vs-403.md)."
    )
    assert markup.markdown_text("[all](/codes/)", "index.md") == "[all](codes/index.md)"


def test_data_cannot_inject_markup_or_templates():
    hostile = '<script>alert(1)</script> <img src=x onerror="alert(2)"> {{ 7*7 }} {% raw %} {: onclick="x" }'
    out = markup.markdown_text(hostile, "codes/404.md")
    assert "<" not in out and "{" not in out
    assert "&lt;script&gt;" in out and "&#123;&#123; 7*7 &#125;&#125;" in out
    # Formatting the content needs still works: code spans are left to Markdown, which escapes them.
    assert markup.markdown_text("`<T>` and *emphasis*", "x.md") == "`<T>` and *emphasis*"
