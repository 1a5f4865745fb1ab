"""Run Go net/http snippets against requests, all cases in one `go build`.

A snippet is Go source without a package line that defines
`func handle(w http.ResponseWriter, r *http.Request)`. Each case becomes its own package in a
temporary module; a generated main package serves every case's request through
httptest.NewRecorder and prints the responses as JSON.

    run_all([{"id": "201", "source": "...",
              "request": {"method": "POST", "target": "/articles", "headers": [], "body": ""}}])
    -> [{"id": "201", "status": 201, "headers": [["Location", "/articles/42"], ...], "body": "..."}]

A case that does not compile (or panics) comes back as {"id": ..., "error": "..."}; the others still run.
r.ContentLength is the body's length unless the case sends a Content-Length header; response header
names are Go's canonical form (e.g. "Etag", "Www-Authenticate"), so compare them case-insensitively.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

BUILD_TIMEOUT = 600  # seconds; a cold build cache compiles net/http once
RUN_TIMEOUT = 120

# Lines of the generated file before the snippet's first line: "package sNNN" and a blank line.
HEADER_LINES = 2

MAIN_GO = """\
package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strconv"
	"strings"
{imports}
)

var handlers = map[string]http.Handler{{
{handlers}
}}

type request struct {{
	Method  string      `json:"method"`
	Target  string      `json:"target"`
	Headers [][2]string `json:"headers"`
	Body    string      `json:"body"`
}}

type result struct {{
	ID      string      `json:"id"`
	Status  int         `json:"status,omitempty"`
	Headers [][2]string `json:"headers,omitempty"`
	Body    *string     `json:"body,omitempty"`
	Error   string      `json:"error,omitempty"`
}}

func serve(id string, in request) (res result) {{
	defer func() {{
		if p := recover(); p != nil {{
			res = result{{ID: id, Error: fmt.Sprint("panic: ", p)}}
		}}
	}}()
	var body io.Reader
	if in.Body != "" {{
		body = strings.NewReader(in.Body)
	}}
	r := httptest.NewRequest(in.Method, in.Target, body)
	for _, h := range in.Headers {{
		switch http.CanonicalHeaderKey(h[0]) {{
		case "Host":
			r.Host = h[1]
			continue
		case "Content-Length":
			if n, err := strconv.ParseInt(h[1], 10, 64); err == nil {{
				r.ContentLength = n
			}}
		}}
		r.Header.Add(h[0], h[1])
	}}
	rec := httptest.NewRecorder()
	handlers[id].ServeHTTP(rec, r)
	resp := rec.Result()
	names := make([]string, 0, len(resp.Header))
	for name := range resp.Header {{
		names = append(names, name)
	}}
	sort.Strings(names)
	headers := [][2]string{{}}
	for _, name := range names {{
		for _, value := range resp.Header[name] {{
			headers = append(headers, [2]string{{name, value}})
		}}
	}}
	text := rec.Body.String()
	return result{{ID: id, Status: resp.StatusCode, Headers: headers, Body: &text}}
}}

func main() {{
	var cases []struct {{
		ID      string  `json:"id"`
		Request request `json:"request"`
	}}
	if err := json.NewDecoder(os.Stdin).Decode(&cases); err != nil {{
		fmt.Fprintln(os.Stderr, "reading cases:", err)
		os.Exit(2)
	}}
	results := make([]result, len(cases))
	for i, c := range cases {{
		results[i] = serve(c.ID, c.Request)
	}}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {{
		fmt.Fprintln(os.Stderr, "writing results:", err)
		os.Exit(2)
	}}
}}
"""

# "./s201/snippet.go:12:5: undefined: foo" (the "./" depends on the Go version)
GO_ERROR = re.compile(r"^(?:\./)?(?P<pkg>s\w+)/snippet\.go:(?P<line>\d+)(?::(?P<col>\d+))?: (?P<msg>.*)$")


class GoNotFoundError(RuntimeError):
    pass


def run_all(cases: list[dict]) -> list[dict]:
    """Serve each case's request with its snippet; results come back in the order of `cases`."""
    if not cases:
        return []
    go = shutil.which("go")
    if go is None:
        raise GoNotFoundError("The Go toolchain is missing: install it with `apt-get install golang-go`.")
    packages = _package_names(cases)
    errors: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="go-snippets-") as tmp:
        module = Path(tmp)
        (module / "go.mod").write_text("module snippets\n\ngo 1.19\n")
        for case in cases:
            pkg = module / packages[case["id"]]
            pkg.mkdir()
            source = f"package {pkg.name}\n\n{case['source'].strip()}\n\nvar Handler = http.HandlerFunc(handle)\n"
            (pkg / "snippet.go").write_text(source)
        # A snippet that does not compile is reported and left out, then the rest is built again.
        while True:
            built = [c for c in cases if c["id"] not in errors]
            if not built:
                break
            _write_main(module, [packages[c["id"]] for c in built], [c["id"] for c in built])
            proc = _go(go, ["build", "-o", "runner", "."], module, timeout=BUILD_TIMEOUT)
            if proc.returncode == 0:
                break
            failed = _compile_errors(proc.stderr, {packages[c["id"]]: c for c in built})
            if not failed:
                raise RuntimeError(f"go build failed outside the snippets:\n{proc.stderr}")
            errors.update(failed)
        results = {}
        if built:
            requests = [{"id": c["id"], "request": c["request"]} for c in built]
            proc = subprocess.run(
                [str(module / "runner")],
                input=json.dumps(requests),
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
                check=False,
            )
            if proc.returncode != 0:
                raise RuntimeError(f"the Go snippet runner failed:\n{proc.stderr}")
            results = {r["id"]: r for r in json.loads(proc.stdout)}
    return [{"id": c["id"], "error": errors[c["id"]]} if c["id"] in errors else _tidy(results[c["id"]]) for c in cases]


def _package_names(cases: list[dict]) -> dict[str, str]:
    """Case id -> a Go package name, `s` + the id with anything but letters, digits and _ replaced."""
    names: dict[str, str] = {}
    for case in cases:
        if case["id"] in names:
            raise ValueError(f"duplicate case id {case['id']!r}")
        name = "s" + re.sub(r"\W", "_", case["id"], flags=re.ASCII)
        if name in names.values():
            name += f"_{len(names)}"
        names[case["id"]] = name
    return names


def _write_main(module: Path, packages: list[str], ids: list[str]) -> None:
    imports = "\n".join(f'\t"snippets/{p}"' for p in packages)
    handlers = "\n".join(f"\t{json.dumps(i)}: {p}.Handler," for p, i in zip(packages, ids, strict=True))
    (module / "main.go").write_text(MAIN_GO.format(imports=imports, handlers=handlers))


def _compile_errors(stderr: str, cases: dict[str, dict]) -> dict[str, str]:
    """Go's compile errors per case id, with line numbers counted in the snippet as written."""
    found: dict[str, list[str]] = {}
    for line in stderr.splitlines():
        m = GO_ERROR.match(line.strip())
        if not (m and m["pkg"] in cases):
            continue
        case = cases[m["pkg"]]
        number = int(m["line"]) - HEADER_LINES
        if number > len(case["source"].strip().splitlines()):
            where = "in the line the runner appends, var Handler = http.HandlerFunc(handle)"
        else:
            where = f"line {number}" + (f", column {m['col']}" if m["col"] else "")
        found.setdefault(case["id"], []).append(f"{where}: {m['msg']}")
    return {i: f"Go snippet {i!r} does not compile:\n" + "\n".join(msgs) for i, msgs in found.items()}


def _tidy(result: dict) -> dict:
    if "error" in result:
        return {"id": result["id"], "error": result["error"]}
    return {
        "id": result["id"],
        "status": result["status"],
        "headers": [list(h) for h in result.get("headers", [])],
        "body": result.get("body", ""),
    }


def _go(go: str, args: list[str], cwd: Path, timeout: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **_go_env(go)}
    return subprocess.run([go, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@functools.cache
def _go_env(go: str) -> dict[str, str]:
    """The fixed settings: this Go, modules without a network, and a build cache that can be written."""
    env = {"GOTOOLCHAIN": "local", "GOFLAGS": "-mod=mod", "GO111MODULE": "on", "GOPROXY": "off"}
    cache = subprocess.run(
        [go, "env", "GOCACHE"], env={**os.environ, **env}, capture_output=True, text=True, check=False
    ).stdout.strip()
    if not _writable(cache):
        env["GOCACHE"] = os.path.join(tempfile.gettempdir(), "go-snippets-cache")
    return env


def _writable(directory: str) -> bool:
    if not directory or directory == "off":
        return False
    path = Path(directory)
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(path, os.W_OK)
