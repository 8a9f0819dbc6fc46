"""The Jinja environment of every HTML export, with its compiled templates kept between runs.

Compiling the templates costs about 0.2 s of CPU per build (the report, the network
pages, the ontology page and the entity site, in three processes). Jinja keeps the
compiled code of each template in its per-user cache folder (created private to the
user; a template whose source changed is compiled again), so only the first build
after an install or an edit pays it. The cache is an optimisation only: a folder that
cannot be made, read or written, or a damaged entry, means the template is compiled
as before. ``AIKG_TEMPLATE_CACHE=0`` turns it off.

Examples
--------
>>> env = environment()
>>> env.autoescape, env.undefined is jinja2.StrictUndefined
(True, True)
>>> env.from_string("{{ name }}").render(name="<b>")
'&lt;b&gt;'
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
from typing import Any

import jinja2
from jinja2.bccache import Bucket

__all__ = ["SafeBytecodeCache", "environment"]

#: The options that change the compiled code; every export template is compiled with them.
_OPTIONS: dict[str, Any] = {"autoescape": True, "keep_trailing_newline": True}


class SafeBytecodeCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache of compiled templates, for which any failure is a miss.

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> loader = jinja2.DictLoader({"t": "{{ 1 + 1 }}"})
    >>> first = jinja2.Environment(loader=loader, bytecode_cache=SafeBytecodeCache(folder))
    >>> first.get_template("t").render()
    '2'
    >>> len(os.listdir(folder))  # the compiled template, for the next process
    1
    >>> from jinja2.bccache import bc_magic
    >>> from pathlib import Path
    >>> for entry in Path(folder).iterdir():  # damaged: compiled again, never an error
    ...     _ = entry.write_bytes(bc_magic + b"garbage")
    >>> second = jinja2.Environment(loader=loader, bytecode_cache=SafeBytecodeCache(folder))
    >>> second.get_template("t").render()
    '2'
    >>> missing = SafeBytecodeCache(os.path.join(folder, "gone"))  # cannot keep it: compiles
    >>> jinja2.Environment(loader=loader, bytecode_cache=missing).get_template("t").render()
    '2'
    """

    def load_bytecode(self, bucket: Bucket) -> None:
        """Load the compiled code of ``bucket``'s template; nothing on any failure."""
        try:
            super().load_bytecode(bucket)
        except Exception:  # damaged or unreadable: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep the compiled code for the next run, unless the folder cannot take it."""
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


@functools.cache
def _cache() -> SafeBytecodeCache | None:
    if os.environ.get("AIKG_TEMPLATE_CACHE", "1") == "0":
        return None
    # the options are part of the file names: another configuration never reads this code
    tag = hashlib.sha1(repr(sorted(_OPTIONS.items())).encode(), usedforsecurity=False)
    try:  # Jinja's own folder: per user, created private, refused if anyone else owns it
        return SafeBytecodeCache(pattern=f"__aikg_{tag.hexdigest()[:12]}_%s.cache")
    except (OSError, RuntimeError):
        return None


def environment(folder: str = "templates", **extra: Any) -> jinja2.Environment:
    """Return a Jinja environment for the templates in ``graph/export/<folder>``.

    Autoescaping, strict undefined variables, trailing newlines kept, and the
    compiled-template cache; ``extra`` adds runtime options (e.g. ``auto_reload``).
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("graph.export", folder),
        undefined=jinja2.StrictUndefined,
        bytecode_cache=_cache(),
        **_OPTIONS,
        **extra,
    )
