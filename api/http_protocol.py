"""The HTTP parser's own refusals as problem+json: a request line or header the parser cannot
read (a control byte in a header, a request line of tens of kilobytes, a malformed line) never
reaches the app, and uvicorn answers it with a plain-text 400; a client of this service reads
every error the same way."""

from __future__ import annotations

import json

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

UNREADABLE = json.dumps(
    {
        "type": "urn:rectify:error:bad_request",
        "title": "Bad request",
        "status": 400,
        "detail": "the request is not readable HTTP/1.1 (a control character in a header or "
        "the request line, a line too long, or a malformed line)",
    }
).encode("ascii")


class ProblemHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, its 400 for an unreadable request in problem+json."""

    def send_400_response(self, msg: str) -> None:
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        head += [
            name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers
        ]
        head += [
            b"content-type: application/problem+json\r\n",
            b"content-length: " + str(len(UNREADABLE)).encode("ascii") + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + UNREADABLE)
        self.transport.close()


HTTP_PROTOCOL = f"{__name__}:{ProblemHttpProtocol.__name__}"
"""As uvicorn's `http` setting takes it (an import string reaches every worker process)."""
