"""Import pyvis without importing IPython (a fifth of a second at every start).

``pyvis.network`` imports ``IPython.display.IFrame`` at module level, only to
show a network inside a notebook (``Network.show`` with ``notebook=True``),
which aikg never calls. When IPython is not loaded yet, a stand-in module
answers that one import and is removed right after, so a later
``import IPython`` gets the real package; inside a notebook IPython is already
loaded and pyvis gets the real ``IFrame``.

Examples
--------
>>> import sys
>>> from graph.export.pyvis_loader import Network
>>> Network.__module__
'pyvis.network'
>>> sys.modules.get("IPython") is None or hasattr(sys.modules["IPython"], "get_ipython")
True
"""

from __future__ import annotations

import sys
import types

__all__ = ["Network", "pyvis_folder"]


class _NoNotebook:
    """Stands in for ``IPython.display.IFrame`` while pyvis is imported."""

    def __init__(self, *_args: object, **_kwargs: object) -> None:
        raise RuntimeError("showing a pyvis network in a notebook needs IPython imported first")


def _import_pyvis() -> None:
    if "IPython" in sys.modules or "pyvis.network" in sys.modules:
        import pyvis.network  # noqa: PLC0415
        return
    package = types.ModuleType("IPython")
    display = types.ModuleType("IPython.display")
    display.IFrame = _NoNotebook  # type: ignore[attr-defined]
    package.display = display  # type: ignore[attr-defined]
    sys.modules["IPython"] = package
    sys.modules["IPython.display"] = display
    try:
        import pyvis.network  # noqa: F401, PLC0415
    finally:
        for name, module in (("IPython.display", display), ("IPython", package)):
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_pyvis()

import pyvis  # noqa: E402
from pyvis.network import Network  # noqa: E402


def pyvis_folder() -> str:
    """Return the folder of the installed pyvis package (its templates and vis-network)."""
    return str(pyvis.__path__[0])
