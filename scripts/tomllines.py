"""Where each value of a TOML document starts: key path -> line number.

tomllib gives the data but not where it came from. `key_lines(source)` walks the document once
and maps every key path, as the loaded data would index it, to the line it is written on:

    ("codes", 3, "ko", "summary")   -> 412    # the `summary = ...` line of the 4th [[codes]]
    ("codes", 3, "names", 2)        -> 398    # the 3rd element of that entry's `names = [...]`

so that a problem in a nested field is reported at that field's own line. Text inside strings
(a quoted `[[codes]]` in a sentence, say) is never taken for structure. The document must already
have parsed with tomllib: this walker trusts its syntax.
"""

from __future__ import annotations

import re

# Tokens: multi-line strings first, then one-line strings, punctuation, bare words, comments.
# Strings are matched as "unrolled loops" (a run of ordinary characters, then one special one),
# which scan each character once.
_TOKEN = re.compile(
    r'(?P<ml>"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"""+|\'\'\'[^\']*(?:\'(?!\'\')[^\']*)*\'\'\'+)'
    r'|(?P<str>"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\')'
    r"|(?P<punct>\[\[|\]\]|[\[\]{}=,.])"
    r"|(?P<bare>[A-Za-z0-9_+:\-]+)"
    r"|(?P<nl>\n)"
    r"|(?P<skip>[ \t\r]+|#[^\n]*)",
    re.S,
)


def _tokens(source: str) -> list[tuple[str, str, int]]:
    """(kind, text, line) of each token; a string is one token however many lines it spans."""
    found, line = [], 1
    for match in _TOKEN.finditer(source):
        kind, text = match.lastgroup, match.group()
        if kind != "skip":
            found.append((kind, text, line))
        if kind in ("ml", "nl"):
            line += text.count("\n")
    found.append(("eof", "", line))
    return found


def _key(text: str) -> str:
    if text[:1] == '"':
        return text[1:-1].encode("utf-8").decode("unicode_escape")
    return text[1:-1] if text[:1] == "'" else text


class _Walker:
    def __init__(self, source: str):
        self.tokens = _tokens(source)
        self.at = 0
        self.lines: dict[tuple, int] = {}
        self.counts: dict[tuple, int] = {}  # concrete path of an array of tables -> elements so far

    def peek(self):
        return self.tokens[self.at]

    def take(self):
        token = self.tokens[self.at]
        self.at += 1
        return token

    def keys(self, end: str) -> list[str]:
        """A dotted key, up to `end` ("=", "]" or "]]")."""
        found = []
        while self.peek()[1] != end:
            _, text, _ = self.take()
            if text != ".":
                found.append(_key(text))
        self.take()
        return found

    def resolve(self, keys: list[str]) -> tuple:
        """Header keys -> concrete path, stepping into the last element of each array of tables."""
        path: tuple = ()
        for key in keys:
            path += (key,)
            if path in self.counts:
                path += (self.counts[path] - 1,)
        return path

    def value(self, path: tuple, line: int) -> None:
        self.lines.setdefault(path, line)
        _, text, _ = self.peek()
        if text == "[":
            self.take()
            index = 0
            while True:
                while self.peek()[0] == "nl" or self.peek()[1] == ",":
                    self.take()
                if self.peek()[1] == "]":
                    self.take()
                    return
                self.value(path + (index,), self.peek()[2])
                index += 1
        if text == "{":
            self.take()
            while self.peek()[1] != "}":
                if self.peek()[1] == ",":
                    self.take()
                    continue
                line = self.peek()[2]
                self.value(path + tuple(self.keys("=")), line)
            self.take()
            return
        # A scalar: one string token, or a run of bare words and dots (numbers, dates, booleans).
        while self.peek()[0] not in ("nl", "eof") and self.peek()[1] not in (",", "]", "}"):
            self.take()

    def walk(self) -> dict[tuple, int]:
        table: tuple = ()
        while self.peek()[0] != "eof":
            kind, text, line = self.take()
            if kind == "nl":
                continue
            if text == "[[":
                keys = self.keys("]]")
                path = self.resolve(keys[:-1]) + (keys[-1],)
                index = self.counts.get(path, 0)
                self.counts[path] = index + 1
                table = path + (index,)
                self.lines.setdefault(path, line)
                self.lines.setdefault(table, line)
            elif text == "[":
                table = self.resolve(self.keys("]"))
                self.lines.setdefault(table, line)
            else:
                self.at -= 1
                keys = self.keys("=")
                self.value(table + tuple(keys), line)
        return self.lines


def key_lines(source: str) -> dict[tuple, int]:
    """Every key path of the document (table headers, keys, array elements) -> its line."""
    return _Walker(source).walk()


def line_of(lines: dict[tuple, int], path: tuple) -> int | None:
    """The line of `path`, or of the nearest enclosing value that has one."""
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
