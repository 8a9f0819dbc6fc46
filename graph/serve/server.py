"""The endpoint as a whole.

:class:`Endpoint` runs it for tests and embedding; :func:`serve` for ``aikg serve``.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from types import FrameType

from graph.serve.backend import ServeConfig, _Backend
from graph.serve.proxy import _Server
from graph.store import (
    StoreError,
    default_store_url,
    parse_store_url,
)


class Endpoint:
    """The endpoint as an object: start it (or use it as a context manager), then close it.

    ``with Endpoint(ServeConfig(store_url, port=0)) as ep:`` serves from a
    background thread on a free port at ``ep.url`` until the block ends.
    """

    def __init__(self, config: ServeConfig, *, quiet: bool = False) -> None:
        loc = parse_store_url(config.store_url or default_store_url())
        if loc.kind != "oxigraph" or loc.path is None:
            raise StoreError(
                "aikg serve needs a built oxigraph:DIR store; a remote SPARQL server "
                "is already an endpoint, and a memory store has nothing to serve"
            )
        self.config = config
        self.backend = _Backend(loc.path, config.timeout_s)
        self.backend.start()
        try:
            self.server = _Server(config, self.backend, quiet=quiet)
        except OSError as exc:
            self.backend.close()
            raise StoreError(f"cannot listen on {config.host}:{config.port}: {exc}") from None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL of the endpoint (the UI; queries go to ``url + 'sparql'``)."""
        host, port = self.server.server_address[:2]
        name = host.decode() if isinstance(host, bytes) else str(host)
        shown = f"[{name}]" if ":" in name else name
        return f"http://{shown}:{port}/"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`close` is called from another thread."""
        self.server.serve_forever(poll_interval=0.2)

    def start(self) -> Endpoint:
        """Answer requests in a background thread."""
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop answering, then stop the Oxigraph children."""
        self.server.shutdown()
        self.server.server_close()
        self.backend.close()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def __enter__(self) -> Endpoint:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(
    store_url: str | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 7878,
    timeout_s: float = 30.0,
    max_rows: int = 10_000,
    max_request_bytes: int = 1_000_000,
    quiet: bool = False,
    exports: Path | None = None,
) -> None:
    """Run the endpoint until Ctrl-C or SIGTERM, then shut it down cleanly.

    Parameters
    ----------
    store_url : str, optional
        An ``oxigraph:DIR`` store URL; the default store when omitted.
    host : str
        Interface to listen on; loopback unless you mean to share it.
    port : int
        TCP port (0: any free port; the URL is printed).
    timeout_s : float
        Longest a query may run before it is stopped with 503.
    max_rows : int
        Most solutions or triples returned per query.
    max_request_bytes : int
        Largest request accepted (413 above it).
    quiet : bool
        Do not log requests.
    exports : Path, optional
        The exports folder whose entity site answers ``/id/<slug>`` and ``/site/``.

    Raises
    ------
    StoreError
        If there is no built store, the Oxigraph server is missing, or the
        port is taken.
    """
    config = ServeConfig(
        store_url, host, port, timeout_s, max_rows, max_request_bytes, exports=exports
    )
    endpoint = Endpoint(config, quiet=quiet)
    stop = threading.Event()

    def _on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, _on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        endpoint.start()
        print(
            f"aikg serve: {endpoint.url} (SPARQL at {endpoint.url}query, also /sparql; timeout "
            f"{timeout_s:g} s, limit {max_rows} rows; Ctrl-C stops)",
            flush=True,
        )
        if exports is not None:
            print(
                f"aikg serve: entity pages at {endpoint.url}site/ and identifiers at "
                f"{endpoint.url}id/<slug> (from {exports / 'site'})",
                flush=True,
            )
        while not stop.wait(0.5):
            pass
    finally:
        endpoint.close()
        for s, handler in previous.items():
            signal.signal(s, handler)
        print("aikg serve: stopped", flush=True)
