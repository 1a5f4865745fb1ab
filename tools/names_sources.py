"""Record, from a library's own source, the name it gives each HTTP status code.

data/codes.toml says, for each status code, which constant each library uses. This module reads
one library's source file, lists every name it declares for a status code (with its reason text,
aliases and deprecations), and stores the result in data/names-sources.json, so that those names
can be checked against the release that was actually read:

    python -m tools.names_sources <lib> <source-file> --version <v> --source-url <url>
        [--commit <sha>] [--repository owner/name] [--tag <tag>] [--path <path/in/repo>]
        [--read-from <how the file was obtained>] [--note <text>]
        [--previous <version>=<older-source-file> ...]

<lib> and the file it reads:

    python      Lib/http/__init__.py (class HTTPStatus)                  HTTPStatus.NOT_FOUND
    go          src/net/http/status.go (Status* constants, StatusText)    http.StatusNotFound
    spring      spring-web/.../org/springframework/http/HttpStatus.java   HttpStatus.NOT_FOUND
    dotnet      System.Net.Primitives/.../HttpStatusCode.cs (enum)        HttpStatusCode.NotFound
    aspnetcore  Http.Abstractions/src/StatusCodes.cs (const int)          StatusCodes.Status404NotFound
    node        lib/_http_server.js, or a JSON dump of STATUS_CODES       http.STATUS_CODES[404]
    rack        lib/rack/utils.rb (HTTP_STATUS_CODES, obsolete symbols)   :not_found
    rust        src/status.rs of the http crate (status_codes! macro)     StatusCode::NOT_FOUND

A JSON dump for node is what `node -e 'console.log(JSON.stringify(require("http").STATUS_CODES))'`
prints. Repository, tag and path are taken from a GitHub `.../blob/<ref>/<path>` source URL
unless given. Each `--previous` names an older release of the same file, oldest first; from them
the record gains `since` (first release, among those read, that has the name; a `@since` in the
source wins), `deprecated_since` when the source gives no version, and `removed`: the names an
older release had that this one no longer has, with the release that dropped them.

A record holds version, repository, tag, commit, path and source_url of the file read, and under
`names`, per status code, one entry per name: `name` as written in code, `text` (the library's
reason phrase, if it has one), `deprecated`, `deprecated_since`, `for_removal` (Java only),
`alias_of` (another name for the very same value), `use` (the replacement a deprecation points
to) and `since`.

Only the given library's record is replaced; the others are left as they are. The file is written
with sorted keys and a final newline, so two runs on the same sources give the same bytes.
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "names-sources.json"


def entry(
    code,
    name,
    text=None,
    deprecated=False,
    deprecated_since=None,
    for_removal=None,
    alias_of=None,
    use=None,
    since=None,
):
    """One name a library gives to a status code."""
    return {
        "code": int(code),
        "name": name,
        "text": text,
        "deprecated": deprecated,
        "deprecated_since": deprecated_since,
        "for_removal": for_removal,
        "alias_of": alias_of,
        "use": use,
        "since": since,
    }


def block(source: str, opening: str) -> str:
    """The text between `opening` (which ends with a bracket) and its matching closing bracket."""
    start = source.index(opening) + len(opening)
    pairs = {"{": "}", "(": ")", "[": "]"}
    open_, close = opening[-1], pairs[opening[-1]]
    depth = 1
    for i in range(start, len(source)):
        if source[i] == open_:
            depth += 1
        elif source[i] == close:
            depth -= 1
            if depth == 0:
                return source[start:i]
    raise ValueError(f"no closing {close!r} after {opening!r}")


# --- Python: class HTTPStatus in Lib/http/__init__.py -------------------------------------------


def parse_python(source: str) -> list[dict]:
    tree = ast.parse(source)
    cls = next(n for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and n.name == "HTTPStatus")
    members, names = {}, []
    for node in cls.body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)):
            continue
        name = node.targets[0].id
        if isinstance(node.value, ast.Name):  # OLD_NAME = NEW_NAME: an alias
            code, text = members[node.value.id]
            names.append(entry(code, f"HTTPStatus.{name}", text, alias_of=f"HTTPStatus.{node.value.id}"))
            continue
        value = ast.literal_eval(node.value)
        if isinstance(value, tuple) and value and isinstance(value[0], int):
            members[name] = (value[0], value[1] if len(value) > 1 else None)
            names.append(entry(value[0], f"HTTPStatus.{name}", members[name][1]))
    return names


# --- Go: src/net/http/status.go --------------------------------------------------------------------


def parse_go(source: str) -> list[dict]:
    consts = block(source, "const (")
    texts = dict(re.findall(r"case (Status\w+):\s*return \"((?:[^\"\\]|\\.)*)\"", source))
    if not texts:  # older releases keep the texts in a map
        texts = dict(re.findall(r"^\s*(Status\w+):\s*\"((?:[^\"\\]|\\.)*)\",", source, re.M))
    names, deprecated = [], False
    for line in consts.splitlines():
        line = line.strip()
        if line.startswith("//"):
            deprecated = deprecated or "Deprecated:" in line
            continue
        match = re.match(r"(Status\w+)\s*=\s*(\d{3})\b", line)
        if match:
            name, code = match.groups()
            text = texts.get(name)
            names.append(entry(code, f"http.{name}", text and json.loads(f'"{text}"'), deprecated))
        deprecated = False
    return names


# --- Java: enum HttpStatus of Spring Framework -----------------------------------------------------

JAVA_CONSTANT = re.compile(
    r"(?:/\*\*(?P<doc>(?:(?!\*/).)*)\*/\s*)?"  # its Javadoc, if any
    r"(?P<annotations>(?:@\w+(?:\([^)]*\))?\s*)*)"  # @Deprecated(since = "7.0") and the like
    r"\b(?P<name>[A-Z][A-Z0-9_]*)\(\s*(?P<code>\d{3})\s*,\s*(?:Series\.\w+\s*,\s*)?"
    r"\"(?P<text>[^\"]*)\"\s*\)",
    re.S,
)


def parse_java(source: str) -> list[dict]:
    names = []
    for m in JAVA_CONSTANT.finditer(source):
        doc, annotations = m["doc"] or "", m["annotations"]
        deprecated = "@Deprecated" in annotations
        since = re.search(r"since\s*=\s*\"([^\"]+)\"", annotations)
        link = re.search(r"@deprecated[^@]*?\{@link #(\w+)\}", doc, re.S)
        added = re.search(r"@since\s+(\S+)", doc)
        names.append(
            entry(
                m["code"],
                f"HttpStatus.{m['name']}",
                m["text"],
                deprecated,
                deprecated_since=since[1] if since else None,
                for_removal=bool(re.search(r"forRemoval\s*=\s*true", annotations)) if deprecated else None,
                use=f"HttpStatus.{link[1]}" if link else None,
                since=added[1] if added else None,
            )
        )
    return names


# --- C#: enum HttpStatusCode (.NET) and class StatusCodes (ASP.NET Core) ----------------------------


def csharp_members(source: str, pattern: str) -> list[tuple[str, int, str, bool]]:
    """(name, value, trailing comment, [Obsolete]) for each line that matches `pattern`."""
    members, obsolete = [], False
    for line in source.splitlines():
        code, _, comment = line.partition("//")
        code = code.strip()
        if code.startswith("[Obsolete"):
            obsolete = True
            continue
        match = re.match(pattern, code)
        if match:
            members.append((match["name"], int(match["value"]), comment.strip(), obsolete))
            obsolete = False
    return members


def parse_dotnet(source: str) -> list[dict]:
    body = block(source, re.search(r"enum HttpStatusCode\s*\{", source)[0])
    first = {}
    names = []
    for name, value, _, obsolete in csharp_members(body, r"(?P<name>\w+)\s*=\s*(?P<value>\d+)\s*,?$"):
        # Members with the same value are equal; the one declared first is taken as the main name.
        alias_of = first.setdefault(value, f"HttpStatusCode.{name}")
        names.append(
            entry(
                value,
                f"HttpStatusCode.{name}",
                deprecated=obsolete,
                alias_of=None if alias_of == f"HttpStatusCode.{name}" else alias_of,
            )
        )
    return names


def parse_aspnetcore(source: str) -> list[dict]:
    members = csharp_members(source, r"public const int (?P<name>Status\d{3}\w*)\s*=\s*(?P<value>\d+);")
    names = []
    for name, value, comment, obsolete in members:
        # "// RFC 2616, renamed" marks the old spelling kept next to the current one.
        current = [n for n, v, c, _ in members if v == value and n != name and "renamed" not in c]
        alias_of = f"StatusCodes.{current[0]}" if "renamed" in comment and current else None
        names.append(entry(value, f"StatusCodes.{name}", deprecated=obsolete, alias_of=alias_of))
    return names


# --- Node.js: STATUS_CODES --------------------------------------------------------------------------


def parse_node(source: str) -> list[dict]:
    if source.lstrip().startswith("{"):
        table = json.loads(source)
    else:
        body = block(source, re.search(r"STATUS_CODES\s*=\s*\{", source)[0])
        table = {
            code: ast.literal_eval(text)
            for code, text in re.findall(r"^\s*(\d{3})\s*:\s*('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")", body, re.M)
        }
    return [entry(code, f"http.STATUS_CODES[{code}]", text) for code, text in table.items()]


# --- Ruby: Rack::Utils --------------------------------------------------------------------------------


def ruby_symbol(name: str) -> str:
    return f":{name}" if re.fullmatch(r"[a-z_][a-z0-9_]*[?!]?", name) else f':"{name}"'


def parse_rack(source: str) -> list[dict]:
    table = block(source, "HTTP_STATUS_CODES = {")
    names = []
    for code, text in re.findall(r"(\d{3})\s*=>\s*'((?:[^'\\]|\\.)*)'", table):
        text = text.replace("\\'", "'")
        # SYMBOL_TO_STATUS_CODE: message.downcase.gsub(/\s|-/, '_').to_sym
        names.append(entry(code, ruby_symbol(re.sub(r"[\s-]", "_", text.lower())), text))
    if "OBSOLETE_SYMBOLS_TO_STATUS_CODES = {" in source:
        mappings = {}
        if "OBSOLETE_SYMBOL_MAPPINGS = {" in source:
            mappings = dict(re.findall(r"(\w+):\s*:(\w+)", block(source, "OBSOLETE_SYMBOL_MAPPINGS = {")))
        for name, code in re.findall(r"(\w+):\s*(\d{3})", block(source, "OBSOLETE_SYMBOLS_TO_STATUS_CODES = {")):
            use = mappings.get(name)
            names.append(entry(code, ruby_symbol(name), deprecated=True, use=use and ruby_symbol(use)))
    return names


# --- Rust: the http crate ---------------------------------------------------------------------------


def parse_rust(source: str) -> list[dict]:
    body = block(source, re.search(r"status_codes!\s*\{", source)[0])
    names = []
    pattern = r"(?P<attrs>(?:#\[[^\]]*\]\s*)*)\(\s*(?P<code>\d{3})\s*,\s*(?P<name>[A-Z][A-Z0-9_]*)\s*,\s*\"(?P<text>[^\"]*)\"\s*\)"
    for m in re.finditer(pattern, body):
        deprecated = "#[deprecated" in m["attrs"]
        since = re.search(r"since\s*=\s*\"([^\"]+)\"", m["attrs"])
        names.append(
            entry(
                m["code"],
                f"StatusCode::{m['name']}",
                m["text"],
                deprecated,
                deprecated_since=since[1] if since and deprecated else None,
            )
        )
    return names


PARSERS = {
    "python": parse_python,
    "go": parse_go,
    "spring": parse_java,
    "dotnet": parse_dotnet,
    "aspnetcore": parse_aspnetcore,
    "node": parse_node,
    "rack": parse_rack,
    "rust": parse_rust,
}


# --- History and the record ---------------------------------------------------------------------------


def add_history(names: list[dict], previous: list[tuple[str, list[dict]]], version: str) -> list[dict]:
    """Fill `since`/`deprecated_since` from older releases; return the names they had that are gone."""
    releases = previous + [(version, names)]
    by_release = [(v, {n["name"]: n for n in found}) for v, found in releases]

    def first(name, test):
        """The first release (after the oldest one read) in which test(name's entry) holds."""
        if test(by_release[0][1].get(name)):
            return None  # already so in the oldest release read: when it started is unknown
        return next((v for v, found in by_release if test(found.get(name))), None)

    for n in names:
        n["since"] = n["since"] or first(n["name"], lambda e: e is not None)
        if n["deprecated"] and not n["deprecated_since"]:
            n["deprecated_since"] = first(n["name"], lambda e: e is not None and e["deprecated"])
    current = {n["name"] for n in names}
    removed = {}
    for i, (v, found) in enumerate(by_release[:-1]):
        for name, e in found.items():
            if name in current:
                continue
            dropped_in = next(w for w, later in by_release[i + 1 :] if name not in later)
            removed[name] = {
                "code": e["code"],
                "name": name,
                "text": e["text"],
                "deprecated": e["deprecated"],
                "deprecated_since": e["deprecated_since"] or first(name, lambda x: x is not None and x["deprecated"]),
                "last_release": v,
                "removed_in": dropped_in,
            }
    return sorted(removed.values(), key=lambda r: (r["code"], r["name"]))


def github_parts(url: str) -> dict:
    match = re.match(r"https://github\.com/([^/]+/[^/]+)/blob/([^/]+)/(.+)$", url)
    if not match:
        return {}
    repository, ref, path = match.groups()
    ref_key = "commit" if re.fullmatch(r"[0-9a-f]{40}", ref) else "tag"
    return {"repository": repository, ref_key: ref, "path": path}


def build_record(args, names: list[dict], removed: list[dict] | None) -> dict:
    record = {
        "version": args.version,
        "source_url": args.source_url,
        "repository": None,
        "tag": None,
        "commit": None,
        "path": None,
    }
    record.update(github_parts(args.source_url))
    for key in ("repository", "tag", "commit", "path"):
        if getattr(args, key):
            record[key] = getattr(args, key)
    if args.read_from:
        record["read_from"] = args.read_from
    if args.note:
        record["note"] = args.note
    if args.previous:
        record["compared_with"] = [v for v, _ in args.previous]
    if removed is not None:
        record["removed"] = removed
    by_code: dict[str, list] = {}
    for n in sorted(names, key=lambda n: n["code"]):
        by_code.setdefault(str(n.pop("code")), []).append(n)
    record["names"] = by_code
    return record


def previous_release(value: str) -> tuple[str, Path]:
    version, sep, path = value.partition("=")
    if not sep or not version or not path:
        raise argparse.ArgumentTypeError("expected <version>=<file>")
    return version, Path(path)


def _release(version: str | None) -> str:
    """7.0.0 and 7.0 are the same release for the purpose of a label."""
    parts = (version or "").split(".")
    while len(parts) > 2 and parts[-1] == "0":
        parts.pop()
    return ".".join(parts)


def differences(catalog, records: dict) -> list[str]:
    """Where the catalogue's names disagree with the recorded sources, one line each: a name the
    source does not have, a name the catalogue lacks, a deprecation or removal the catalogue does
    not state as the source does, or another reason text (Node)."""
    found = []
    for lib in catalog.libraries:
        record = records.get(lib)
        if record is None:
            found.append(f"{lib}: no recorded source")
            continue
        removed = {(r["code"], r["name"]): r for r in record.get("removed", [])}
        for number in sorted(set(catalog.numbers()) | {int(n) for n in record["names"]}):
            source = {n["name"]: n for n in record["names"].get(str(number), [])}
            ours = [n for n in catalog.names_for(number) if n.lib == lib]
            for name in ours:
                where = f"{lib} {number} {name.name}"
                if name.state == "removed":
                    gone = removed.get((number, name.name))
                    if gone is None or name.name in source:
                        found.append(
                            f"{where}: marked removed, but {record['version']} has it or no release dropped it"
                        )
                    elif _release(name.removed_in) != _release(gone["removed_in"]):
                        found.append(f"{where}: removed in {gone['removed_in']}, not {name.removed_in}")
                    continue
                if name.name not in source:
                    found.append(f"{where}: not in {lib} {record['version']}")
                    continue
                theirs = source[name.name]
                if (name.state == "deprecated") != bool(theirs["deprecated"]):
                    found.append(f"{where}: deprecated is {theirs['deprecated']} in {record['version']}")
                elif theirs["deprecated_since"] and _release(name.deprecated_since) != _release(
                    theirs["deprecated_since"]
                ):
                    found.append(
                        f"{where}: deprecated since {theirs['deprecated_since']}, not {name.deprecated_since or '?'}"
                    )
                if name.text and name.text != theirs["text"]:
                    found.append(f"{where}: its text is {theirs['text']!r}, not {name.text!r}")
            missing = set(source) - {n.name for n in ours}
            found += [f"{lib} {number} {name}: in {record['version']}, missing here" for name in sorted(missing)]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lib", choices=sorted(PARSERS))
    parser.add_argument("source", type=Path, help="the library's source file for this release")
    parser.add_argument("--version", required=True, help="release the file comes from")
    parser.add_argument("--source-url", required=True, help="where the file is published")
    parser.add_argument("--repository", help="owner/name (default: from a GitHub source URL)")
    parser.add_argument("--tag", help="release tag (default: from a GitHub source URL)")
    parser.add_argument("--commit", help="commit of that tag")
    parser.add_argument("--path", help="path of the file in the repository")
    parser.add_argument("--read-from", help="how the file was obtained, if not from the tag itself")
    parser.add_argument("--note", help="anything else a reader of the record should know")
    parser.add_argument(
        "--previous",
        action="append",
        type=previous_release,
        default=[],
        metavar="VERSION=FILE",
        help="an older release of the same file, oldest first",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help="default: data/names-sources.json")
    args = parser.parse_args(argv)

    parse = PARSERS[args.lib]
    names = parse(args.source.read_text(encoding="utf-8"))
    if not names:
        parser.error(f"no status code names found in {args.source}")
    previous = [(v, parse(p.read_text(encoding="utf-8"))) for v, p in args.previous]
    removed = add_history(names, previous, args.version) if previous else None

    data = json.loads(args.output.read_text(encoding="utf-8")) if args.output.exists() else {}
    data[args.lib] = build_record(args, names, removed)
    args.output.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    count = sum(len(v) for v in data[args.lib]["names"].values())
    print(
        f"{args.lib} {args.version}: {count} names for {len(data[args.lib]['names'])} codes"
        f"{f', {len(removed)} removed since {previous[0][0]}' if removed else ''} -> {args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
