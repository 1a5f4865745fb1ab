"""Run FastAPI snippets against requests, in this process, through Starlette's TestClient.

A snippet is a self-contained Python module that creates `app = FastAPI()` and its routes.
Each case runs in a fresh module namespace; redirects are not followed.

    run_all([{"id": "201", "source": "...",
              "request": {"method": "POST", "target": "/articles", "headers": [], "body": ""}}])
    -> [{"id": "201", "status": 201, "headers": [["location", "/articles/42"], ...], "body": "..."}]

A case that fails (it raises, warns, e.g. about a deprecated name, or defines no `app`) comes back
as {"id": ..., "error": "..."}; the others still run. The client sets Content-Length from the body.
"""

from __future__ import annotations

import sys
import traceback
import types
import warnings

from fastapi.testclient import TestClient


def run_all(cases: list[dict]) -> list[dict]:
    """Serve each case's request with its snippet; results come back in the order of `cases`."""
    return [_run(case) for case in cases]


def _run(case: dict) -> dict:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return {"id": case["id"], **_serve(case)}
    except Exception as exc:
        detail = "".join(traceback.format_exception_only(exc)).strip()
        return {"id": case["id"], "error": f"FastAPI snippet {case['id']!r} failed: {detail}"}


def _serve(case: dict) -> dict:
    name = f"fastapi_snippet_{case['id']}"
    module = types.ModuleType(name)
    # Pydantic resolves a model's annotations through sys.modules[model.__module__].
    sys.modules[name] = module
    try:
        exec(compile(case["source"], f"<snippet {case['id']}>", "exec"), module.__dict__)
        request = case["request"]
        headers = [(k, v) for k, v in request["headers"] if k.lower() != "content-length"]
        with TestClient(module.app, follow_redirects=False) as client:
            body = request["body"].encode() or None
            response = client.request(request["method"], request["target"], headers=headers, content=body)
    finally:
        del sys.modules[name]
    return {
        "status": response.status_code,
        "headers": [[k, v] for k, v in response.headers.multi_items()],
        "body": response.text,
    }
