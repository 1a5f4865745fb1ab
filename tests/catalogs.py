"""Catalogues for the bad-data tests: the real data, and valid entries that a case breaks."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = (ROOT / "data" / "codes.toml").read_text(encoding="utf-8")

# A valid entry for an unassigned number, appended by the cases that break one of its fields.
ENTRY = """
[[codes]]
code = 299
phrase = "Fixture"
status = "permanent"
spec = "RFC9110#15.3"
related = [200]
cache = "explicit"
cache_spec = "RFC9110#15.1"
example = ""
[codes.ko]
name = "시험용"
summary = "시험용 항목입니다."
description = "[200 OK](/codes/200/)와 비교합니다."
use = "쓰지 않습니다."
avoid = "늘 피합니다."
mistakes = "없습니다."
[codes.en]
summary = "A test entry."
description = "Compare with [200 OK](/codes/200/)."
use = "Never."
avoid = "Always."
mistakes = "None."
"""

UNOFFICIAL = """
[[codes]]
code = 597
status = "unassigned"
"""
MEANING = """
[[codes.unofficial]]
phrase = "Fixture Timeout"
vendor = "Example Proxy"
source = "https://example.com/docs/597"
sent = true
[codes.unofficial.ko]
summary = "시험용입니다."
description = "시험용 설명입니다."
[codes.unofficial.en]
summary = "A test entry."
description = "A test description."
"""
UNOFFICIAL += MEANING

FAQ = """
[[faq]]
slug = "fixture-question"
related = [404]
sources = ["RFC9110#15.5.5"]
[faq.ko]
question = "시험용 질문인가요?"
answer = "네."
explanation = "시험용입니다."
[faq.en]
question = "Is this a test question?"
answer = "Yes."
explanation = "It is a test."
"""


def entry(**changes: str) -> str:
    """ENTRY with `field = value` lines replaced (value given as TOML), or removed when None."""
    text = ENTRY
    for key, value in changes.items():
        section, _, field = key.rpartition("__")
        replacement = "" if value is None else f"{field} = {value}\n"
        if section:  # the first `field = ...` after the [codes.<section>] header
            pattern = rf"(\[codes\.{section}\]\n(?:.*\n)*?){field} = .*\n"
            text = re.sub(pattern, lambda m, new=replacement: m.group(1) + new, text, count=1)
        else:
            text = re.sub(rf"^{field} = .*\n", lambda m, new=replacement: new, text, count=1, flags=re.M)
    return text


def replace(old: str, new: str):
    assert old in DATA, old
    return DATA.replace(old, new, 1)


def tree_digest(folder: Path) -> str:
    """Names, sizes and modification times of everything below `folder`: any write changes it."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        stat = path.stat()
        digest.update(f"{path.relative_to(folder).as_posix()} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def refuse(text: str, out: Path, capsys) -> str:
    """Run the generator on `text` (as ./codes.toml) into `out`; assert that it refused, wrote
    nothing and said where; return what it printed."""
    from scripts import generate

    Path("codes.toml").write_text(text, encoding="utf-8")
    before = tree_digest(out)
    assert generate.main(["--data", "codes.toml", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert re.search(r"^codes\.toml:\d+(:\d+)?: ", err, re.M), err  # file and line first
    assert err.rstrip().endswith("generate failed: nothing was written")
    assert tree_digest(out) == before
    return err


# A small valid catalogue: the real file's settings, interface strings, classes and libraries, three
# short entries and a one-step guide. Checking it takes a fraction of the real file's time, so the
# many hostile cases that only need a place to put a bad value use it.
GUIDE = """
[[guide]]
id = "start"
yes = "code:200"
no = "code:404"
[guide.ko]
question = "요청을 처리했나요?"
hint = "시험용 단계입니다."
[guide.en]
question = "Did you handle the request?"
hint = "A test step."
"""
SMALL = (
    DATA[: DATA.index("\n[[codes]]\n")]
    + entry(code="200", phrase='"OK"', related="[]")
    + entry(code="404", phrase='"Not Found"')
    + entry(code="500", phrase='"Internal Server Error"')
    + GUIDE
)
