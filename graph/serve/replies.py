"""Replies of the endpoint and the upstream result lines they are cut from."""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator, Mapping

_ERROR_BYTES = 64 * 1024


_PHRASES = {400: "Bad Request", 403: "Forbidden", 413: "Content Too Large"}


class _QueryTimeoutError(Exception):
    pass


class _Reply:
    """A finished answer: status, headers and body."""

    def __init__(
        self, status: int, body: bytes, content_type: str, headers: Mapping[str, str] | None = None
    ) -> None:
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = dict(headers or {})


def _bytes(data: bytes | None) -> bytes:
    assert data is not None  # serialising without an output file returns the bytes
    return data


def _text(status: int, message: str) -> _Reply:
    return _Reply(status, (message.rstrip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")


class _Lines:
    """Lines of an upstream answer, each read before the query's deadline."""

    def __init__(
        self, conn: http.client.HTTPConnection, response: http.client.HTTPResponse, deadline: float
    ) -> None:
        self.conn = conn
        self.response = response
        self.deadline = deadline

    def next(self) -> bytes | None:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        if self.conn.sock is not None:
            self.conn.sock.settimeout(remaining)
        line = self.response.readline()
        return line or None

    def take(self, limit: int) -> tuple[list[bytes], bool]:
        """Read up to ``limit`` lines; also say whether more followed."""
        rows: list[bytes] = []
        for line in self:
            if len(rows) == limit:
                return rows, True
            rows.append(line if line.endswith(b"\n") else line + b"\n")
        return rows, False

    def __iter__(self) -> Iterator[bytes]:
        while (line := self.next()) is not None:
            yield line
