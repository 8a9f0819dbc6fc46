"""Load two of Rich's modules only when they are used, so ``aikg --help`` starts fast.

Typer's help formatter (``typer.rich_utils``) imports ``rich.markdown`` (with
markdown-it) and ``rich.traceback`` (with Pygments, through ``rich.syntax``) at its
top, for the Markdown markup mode and for pretty tracebacks. aikg uses neither
(its app sets ``rich_markup_mode="rich"`` and ``pretty_exceptions_enable=False``),
yet the two imports were about a fifth of ``aikg --help``.

:func:`defer` puts a placeholder module in their place. Its named classes are
stand-ins whose construction imports the real module, and any other attribute
imports it too; the real module then replaces the placeholder in ``sys.modules``
and on the ``rich`` package, so later imports get the real thing.

Examples
--------
>>> import sys, types
>>> saved = sys.modules.pop("rich.markdown", None)
>>> defer("rich.markdown", "Markdown")
>>> isinstance(sys.modules["rich.markdown"], Placeholder)
True
>>> from rich.markdown import Markdown  # the stand-in: nothing loaded yet
>>> type(Markdown("# Title")).__module__  # built by the real class, now loaded
'rich.markdown'
>>> isinstance(sys.modules["rich.markdown"], Placeholder)
False
>>> if saved is not None:
...     sys.modules["rich.markdown"] = saved
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any

__all__ = ["Placeholder", "defer"]


class Placeholder(types.ModuleType):
    """A module that imports the real one on first use and hands everything to it."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self._real: types.ModuleType | None = None

    def load(self) -> types.ModuleType:
        """Import the real module (once) and put it in this placeholder's place."""
        if self._real is None:
            if sys.modules.get(self.__name__) is self:
                del sys.modules[self.__name__]
            try:
                self._real = importlib.import_module(self.__name__)
            except BaseException:
                sys.modules.setdefault(self.__name__, self)
                raise
        return self._real

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.load(), name)


def _stand_in(module: Placeholder, name: str) -> type:
    def build(_cls: type, *args: Any, **kwargs: Any) -> Any:
        return getattr(module.load(), name)(*args, **kwargs)

    return type(name, (), {"__new__": build, "__module__": module.__name__})


def defer(name: str, *classes: str) -> None:
    """Put a placeholder for module ``name`` (with stand-ins for ``classes``) in place.

    Nothing happens when the module is already imported.
    """
    if name in sys.modules:
        return
    parent_name, _, child = name.rpartition(".")
    module = Placeholder(name)
    for cls in classes:
        setattr(module, cls, _stand_in(module, cls))
    sys.modules[name] = module
    parent = sys.modules.get(parent_name)
    if parent is not None:
        setattr(parent, child, module)
