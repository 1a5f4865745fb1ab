"""Example exchanges are real HTTP/1.1: every message parses, and its framing matches its content.

An `example` in data/codes.toml is a conversation as a reader would copy it: a request, then the
responses (interim 1xx ones first), each a start line and header fields, then a blank line and the
content if there is any. Messages are separated by a blank line. Content may stand after a 1xx
response when the request waited for it (`Expect: 100-continue`). Content too long to show is
written as one bracketed line that states its size: `[734003200 bytes of video data]`.

`problems(example)` parses every message with h11 (a well-kept HTTP/1.1 implementation) and
returns what is wrong: a message that does not parse, content without `Content-Length` or
`Transfer-Encoding` (RFC 9112 §6.3), a `Content-Length` that is not the size of the content,
content where none may be (1xx, 204, 304, a response to HEAD), an elided body without its size.
"""

from __future__ import annotations

import h11

_METHODS_WITHOUT_RESPONSE_CONTENT = (b"HEAD",)


def _is_start(line: str) -> bool:
    """A request line (METHOD target HTTP/1.1) or a status line (HTTP/1.1 200 OK)."""
    if line.startswith("HTTP/"):
        return True
    parts = line.split(" ")
    return len(parts) == 3 and parts[0].isalpha() and parts[0].isupper() and parts[2].startswith("HTTP/")


def _stated_size(body: str) -> int | None:
    """The size an elided body states: `[1048576 bytes of video data]` -> 1048576."""
    if "\n" in body or not (body.startswith("[") and body.endswith("]")):
        return None
    words = body[1:-1].replace("(", " ").split()
    for number, unit in zip(words, words[1:], strict=False):
        if number.isdigit() and unit.startswith("bytes"):
            return int(number)
    return None


def _messages(example: str) -> list[tuple[str, str | None]]:
    """(head, content) pairs: a head is a start line and its fields; content is the text that
    follows it up to the next message, or None. Content after a 1xx response is returned as its
    own pair with an empty head (it belongs to the request that waited for it)."""
    lines = example.strip("\n").split("\n")
    found: list[tuple[str, str | None]] = []
    i = 0
    while i < len(lines):
        if _is_start(lines[i]):
            head_end = i
            while head_end < len(lines) and lines[head_end] != "":
                head_end += 1
            head = "\n".join(lines[i:head_end])
            j = head_end + 1
            while j < len(lines) and not (lines[j - 1] == "" and _is_start(lines[j])):
                j += 1
            body_lines = lines[head_end + 1 : j]
            while body_lines and body_lines[-1] == "":
                body_lines.pop()
            found.append((head, "\n".join(body_lines) if body_lines else None))
            i = j
        else:
            found.append(("", "\n".join(lines[i:])))
            break
    return found


def problems(example: str) -> list[str]:
    """Everything wrong with an example exchange, in words."""
    messages = _messages(example)
    if not messages or not messages[0][0]:
        return ["an example starts with a request line or a status line"]
    found: list[str] = []
    server = h11.Connection(h11.SERVER)  # reads the request
    client = h11.Connection(h11.CLIENT)  # reads the responses to it
    request = None
    waiting = None  # a request whose content comes after an interim response
    for number, (head, content) in enumerate(messages, 1):
        where = f"message {number}"
        if not head:  # content after a 1xx response: the waiting request's
            if waiting is None:
                found.append(f"{where}: text that is neither a message nor the content of one")
                continue
            found += _content(server, waiting, content, f"the content of {waiting[1]}")
            waiting = None
            continue
        label = head.splitlines()[0]
        response = head.startswith("HTTP/")
        if (request is None) == response:
            found.append(
                f"{where}: " + ("a response before any request" if response else "one example shows one request")
            )
            break
        event = _read_head(client if response else server, head)
        if isinstance(event, str):
            found.append(f"{where} ({label}): not valid HTTP/1.1: {event}")
            break
        if response:
            if isinstance(event, h11.InformationalResponse):
                if content is not None:
                    if waiting is not None:  # the request's content, sent after `100 Continue`
                        found += _content(server, waiting, content, f"the content of {waiting[1]}")
                        waiting = None
                    else:
                        found.append(f"{where} ({label}): a 1xx response has no content")
                continue
            if event.status_code in (204, 304) or request.method in _METHODS_WITHOUT_RESPONSE_CONTENT:
                if content is not None:
                    found.append(f"{where} ({label}): this response has no content, but content follows it")
                continue
            found += _content(client, (event, label), content, where + f" ({label})")
        else:
            request = event
            # The responses are read by a client that sent this request (without its content):
            # its method decides whether a response has content, its Upgrade whether 101 may come.
            upgrade = [(name, value) for name, value in event.headers if name in (b"upgrade", b"connection")]
            client.send(h11.Request(method=event.method, target=event.target, headers=[("Host", "example"), *upgrade]))
            client.send(h11.EndOfMessage())
            if content is None and _expects_continue(event):
                waiting = (event, label)
            else:
                found += _content(
                    server, (event, label), content, where + f" ({label})", optional=_expects_continue(event)
                )
    return found


def _read_head(connection: h11.Connection, head: str):
    """The event h11 reads from a message's start line and fields, or what was wrong with them."""
    try:
        connection.receive_data(head.replace("\n", "\r\n").encode("utf-8") + b"\r\n\r\n")
        return connection.next_event()
    except h11.RemoteProtocolError as error:
        return str(error)


def _expects_continue(request) -> bool:
    return any(name == b"expect" and value.lower() == b"100-continue" for name, value in request.headers)


def _content(connection: h11.Connection, message, content: str | None, where: str, optional: bool = False) -> list[str]:
    """Check `content` (as written) against the framing h11 derived from the message's head."""
    event, _ = message
    fields = {name: value for name, value in event.headers}
    length = int(fields[b"content-length"]) if b"content-length" in fields else None
    chunked = b"chunked" in fields.get(b"transfer-encoding", b"").lower()
    if content is None:
        if length and not optional:
            return [
                f"{where}: Content-Length is {length}, but no content is shown (show it, or state its size: [{length} bytes ...])"
            ]
        return []
    stated = _stated_size(content)
    if stated is None and content.startswith("[") and content.endswith("]") and "\n" not in content:
        return [f"{where}: an elided body states its size, like [{length or 'N'} bytes of ...]"]
    if length is None and not chunked:
        return [f"{where}: content without Content-Length or Transfer-Encoding (RFC 9112 §6.3)"]
    if stated is not None:
        return [] if stated == length else [f"{where}: Content-Length is {length}, but the content is {stated} bytes"]
    # Chunked content is written one chunk line per line; on the wire its lines end in CRLF.
    body = (content.replace("\n", "\r\n") + "\r\n\r\n" if chunked else content).encode("utf-8")
    try:
        connection.receive_data(body)
        received = 0
        while True:
            event = connection.next_event()
            if isinstance(event, h11.Data):
                received += len(event.data)
            elif event is h11.NEED_DATA:
                if chunked:
                    return [f"{where}: the chunked content does not end with a last chunk (0)"]
                return [f"{where}: Content-Length is {length}, but the content is {len(body)} bytes"]
            elif isinstance(event, h11.EndOfMessage):
                break
    except h11.RemoteProtocolError as error:
        return [f"{where}: the content does not match its framing: {error}"]
    if connection.trailing_data[0]:
        if chunked:
            return [f"{where}: text after the last chunk"]
        return [f"{where}: Content-Length is {length}, but the content is {len(body)} bytes"]
    return []
