""" "How to send it" snippets: code shared by both languages, with comments in each.

A snippet in data/codes.toml (`[codes.send.snippets]`) is one framework's answer to the code's
request. Its comments are written twice, Korean first, each line marked with its language:

    # ko: 만든 글의 주소를 Location 헤더로 알립니다.
    # en: Tell the client where the new article is, in Location.

`for_language(code, comment, "en")` keeps the English lines, without their marker, and drops the
Korean ones; everything else is the same code in both languages. `problems(...)` says what is
wrong with a snippet as data; `names_in(code, pattern)` finds the status names it uses.
"""

from __future__ import annotations

import re

from scripts.site import LANGUAGES

MAX_LINES = 60
MAX_LINE = 120
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")


def _marked(line: str, comment: str) -> tuple[str, str, str] | None:
    """(indentation, language, text) of a marked comment line, or None."""
    match = re.match(rf"^([ \t]*){re.escape(comment)} ([a-z]{{2}}): (.*)$", line)
    return match.groups() if match else None


def for_language(code: str, comment: str, lang: str) -> str:
    lines = []
    for line in code.strip("\n").split("\n"):
        marked = _marked(line, comment)
        if marked is None:
            lines.append(line)
        elif marked[1] == lang:
            lines.append(f"{marked[0]}{comment} {marked[2]}")
    return "\n".join(lines)


def problems(code: str, comment: str) -> list[str]:
    """What is wrong with a snippet: its size, characters that could break out of a code block,
    and comments that are not in both languages, Korean then English."""
    lines = code.strip("\n").split("\n")
    found = []
    if len(lines) > MAX_LINES:
        found.append(f"a snippet has at most {MAX_LINES} lines")
    if any(len(line) > MAX_LINE for line in lines):
        found.append(f"a snippet line has at most {MAX_LINE} characters")
    if any(not (c.isprintable() or c == "\t") for line in lines for c in line):
        found.append("a snippet is printable text: no control or invisible characters")
    if "```" in code or "~~~" in code:
        found.append("a snippet may not contain ``` or ~~~")
    for number, line in enumerate(lines, 1):
        marked = _marked(line, comment)
        if marked is None:
            if HANGUL.search(line):
                found.append(f"line {number}: Korean outside a `{comment} ko:` comment")
            continue
        indent, lang, text = marked
        if lang not in LANGUAGES:
            found.append(f"line {number}: unknown comment language '{lang}'")
        elif lang == "ko":
            after = _marked(lines[number], comment) if number < len(lines) else None
            if after is None or after[1] != "en" or after[0] != indent:
                found.append(f"line {number}: a `{comment} ko:` comment is followed by its `{comment} en:` line")
            if not HANGUL.search(text):
                found.append(f"line {number}: a `{comment} ko:` comment is written in Korean")
        else:
            before = _marked(lines[number - 2], comment) if number > 1 else None
            if before is None or before[1] != "ko":
                found.append(f"line {number}: a `{comment} en:` comment follows its `{comment} ko:` line")
            if HANGUL.search(text):
                found.append(f"line {number}: a `{comment} en:` comment is written in English")
    return found


def comment_pairs(code: str, comment: str) -> list[tuple[str, str]]:
    """(Korean, English) of every comment written in both languages, for the checks of Korean text."""
    lines = [_marked(line, comment) for line in code.strip("\n").split("\n")]
    return [
        (ko[2], en[2])
        for ko, en in zip(lines, lines[1:], strict=False)
        if ko and en and ko[1] == "ko" and en[1] == "en"
    ]


def names_in(code: str, pattern: str) -> list[str]:
    """The status names a snippet uses, found with the framework's pattern (group 1 is the name)."""
    return list(dict.fromkeys(match.group(1) for match in re.finditer(pattern, code)))
