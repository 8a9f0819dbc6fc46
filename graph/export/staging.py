"""Write a set of export files all at once: into a staging folder, then swapped in.

A :class:`Staging` folder is a sibling of the exports folder. Files are written into it,
by this process or by a forked child beside it (:func:`graph.forked.start_beside`), and
:meth:`Staging.commit` swaps it in for the exports folder in one step, so a reader or a
process killed at any moment sees the complete old set or the complete new set, never a
mix. :meth:`Staging.discard` (or an exception inside ``with Staging(...)``) stops the
child and removes the folder: the exports stay as they were.

:func:`publish` is the one-call form. A build starts the slow network files in a child
as soon as the claims are validated and adds the other files when the store is
published (:func:`graph.export.bundle.start_exports`).

Examples
--------
>>> import tempfile
>>> out = Path(tempfile.mkdtemp()) / "exports"
>>> with Staging(out) as staging:
...     staging.write_beside({"a.txt": lambda p: p.write_text("from a child")})
...     staging.write({"b.txt": lambda p: p.write_text("from here")})
...     [p.name for p in staging.commit()]
['a.txt', 'b.txt']
>>> (out / "a.txt").read_text()
'from a child'
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path
from types import TracebackType

from graph.forked import Beside, Worker, process_alive, start_beside
from graph.progress import stage, track

__all__ = ["Staging", "Writer", "publish", "write_reusing"]

#: A writer fills one file of the staging folder.
Writer = Callable[[Path], None]


def write_reusing(path: Path, content: bytes, previous: Path | None = None) -> Path:
    """Write ``content`` into the new file ``path``, or link ``previous`` if it holds those bytes.

    A rebuild writes most of the entity site's pages and Turtle files again unchanged. On
    this project's ext4 disk, creating about a thousand files right after deleting the
    thousand they replace cost 0.6 to 0.9 s of system time (the kernel looks past every
    recently freed inode for a new one), against 0.05 s for hard links to the files
    already there, which frees no inode when the old exports are removed (six rounds of
    each, measured by hand). ``previous`` (the same file in the exports being replaced)
    is only read, so a failed build still leaves those untouched, and a reused file keeps
    its modification time. Anything but a regular file, a file with other bytes, or a
    file system without hard links: ``content`` is written. Either way ``path`` is a new
    name: a file there before is replaced, never written into (its inode may be shared).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> old = write_reusing(folder / "old.html", b"<p>same</p>")
    >>> new = write_reusing(folder / "new.html", b"<p>same</p>", previous=old)
    >>> new.read_bytes(), os.path.samefile(old, new)
    (b'<p>same</p>', True)
    >>> changed = write_reusing(folder / "changed.html", b"<p>new</p>", previous=old)
    >>> changed.read_bytes(), os.path.samefile(old, changed)
    (b'<p>new</p>', False)
    >>> again = write_reusing(changed, b"<p>same</p>", previous=old)  # the name is taken
    >>> again.read_bytes(), os.path.samefile(old, again)
    (b'<p>same</p>', True)
    >>> write_reusing(folder / "x.html", b"x", previous=folder / "gone.html").read_bytes()
    b'x'
    >>> _ = write_reusing(new, b"<p>changed</p>")  # new shares old's inode: old stays
    >>> old.read_bytes(), new.read_bytes()
    (b'<p>same</p>', b'<p>changed</p>')
    """
    if previous is not None:
        # NotImplementedError: a platform whose links cannot refuse to follow a symlink
        with contextlib.suppress(OSError, NotImplementedError):
            found = os.lstat(previous)
            if (
                stat.S_ISREG(found.st_mode)
                and found.st_size == len(content)
                and previous.read_bytes() == content
            ):
                try:
                    os.link(previous, path, follow_symlinks=False)
                except FileExistsError:
                    path.unlink()
                    os.link(previous, path, follow_symlinks=False)
                return path
    _new_file(path, content)
    return path


#: A new file only: never opens one that is there (its inode may be shared by a link).
_CREATE = (
    os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
)


def _new_file(path: Path, content: bytes) -> None:
    """Write ``content`` into a new file at ``path``, replacing (unlinking) a file there.

    The usual case, a name not taken in a new staging folder, costs one ``open`` call: no
    ``unlink`` that fails first, and no buffered file object (the entity site writes a
    file per entity: 200,000 at a synthetic million).
    """
    try:
        fd = os.open(path, _CREATE, 0o666)
    except FileExistsError:
        path.unlink()
        fd = os.open(path, _CREATE, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


class Staging:
    """A staging folder for the files of ``out_dir``, swapped in by :meth:`commit`.

    Parameters
    ----------
    out_dir : Path
        The exports folder (created if missing). Staging folders left there by a
        killed process are removed first.
    """

    def __init__(self, out_dir: Path) -> None:
        # ``out_dir`` itself is made by the commit: an export that fails leaves no trace
        self._made = _make_folders(out_dir.parent)
        _remove_stale_staging(out_dir)
        self.out_dir = out_dir
        self.path = _staging_dir(out_dir)
        self.names: set[str] = set()
        self._running: list[Beside[None]] = []
        self._worker: Worker | None = None
        self._open = True
        self._committed = False

    def _writer(self, writers: Mapping[str, Writer]) -> Callable[[], None]:
        def run() -> None:
            for name in track(sorted(writers), f"writing {len(writers)} export file(s)"):
                (self.path / name).parent.mkdir(parents=True, exist_ok=True)
                writers[name](self.path / name)

        return run

    def _claim(self, names: Collection[str]) -> None:
        if not self._open:
            raise RuntimeError("this staging folder was committed or discarded")
        twice = self.names & set(names)
        if twice:
            raise ValueError(f"already staged: {sorted(twice)}")
        self.names |= set(names)

    def write(self, writers: Mapping[str, Writer]) -> None:
        """Write these files now, in this process."""
        self._claim(writers)
        self._writer(writers)()

    def write_beside(self, writers: Mapping[str, Writer]) -> None:
        """Start writing these files in a forked child and return at once.

        Give it writers that share no lazily computed input with the rest: the
        child's memory is its own. Where forking is not possible they run here, now.
        """
        self._claim(writers)
        if writers:
            self._running.append(start_beside(self._writer(writers)))

    def write_later(self, early: Mapping[str, Writer], prepare: Callable[[], object]) -> None:
        """Fork a worker now: it writes ``early``, runs ``prepare``, then waits for a job.

        :meth:`send_later` gives it the job. A worker that never gets one is
        stopped by :meth:`commit` or :meth:`discard`.
        """
        self._claim(early)
        if self._worker is not None:
            raise RuntimeError("this staging folder already has a worker")
        write_early = self._writer(early)

        def run() -> None:
            write_early()
            prepare()

        self._worker = Worker(run)

    def send_later(self, names: Collection[str], job: Callable[[Path], None]) -> None:
        """Have the worker run ``job(staging folder)``, which writes ``names``.

        ``job`` is pickled to the worker: a module-level function or a
        :func:`functools.partial` of one, with picklable arguments.
        """
        if self._worker is None:
            raise RuntimeError("no worker: call write_later first")
        self._claim(names)
        self._running.append(self._worker.send(functools.partial(job, self.path)))

    def commit(self) -> list[Path]:
        """Wait for the children, then swap the staged files in for ``out_dir``.

        Returns
        -------
        list of Path
            The files written, sorted by name.

        Raises
        ------
        Exception
            Whatever a writer raised; then no file in ``out_dir`` has changed.
        """
        try:
            if self._worker is not None:
                self._worker.cancel()  # one still without a job has nothing to write
            if self._running:
                stage("waiting for the files written beside (network views)")
            while self._running:
                self._running.pop(0).result()
            self.out_dir.mkdir(exist_ok=True)
            self._committed = True
            if not _swap_in(self.out_dir, self.path, self.names):
                for name in sorted(self.names):
                    (self.out_dir / name).parent.mkdir(parents=True, exist_ok=True)
                    os.replace(self.path / name, self.out_dir / name)
            return [self.out_dir / name for name in sorted(self.names)]
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop the children still writing and remove the folder (idempotent)."""
        self._open = False
        while self._running:
            self._running.pop().cancel()
        if self._worker is not None:
            self._worker.cancel()
        shutil.rmtree(self.path, ignore_errors=True)
        if not self._committed:  # the folders made for the staging folder go too
            for folder in reversed(self._made):
                try:
                    folder.rmdir()
                except OSError:
                    break
            self._made = []

    def __enter__(self) -> Staging:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.discard()


def publish(
    out_dir: Path, writers: Mapping[str, Writer], *, beside: Collection[str] = ()
) -> list[Path]:
    """Write every file into a staging folder, then swap it in for ``out_dir`` at once.

    On Linux the staging folder (a sibling of ``out_dir`` that also receives
    hard links to every other entry of ``out_dir``) is exchanged with
    ``out_dir`` in one ``renameat2(RENAME_EXCHANGE)``, so a reader or a
    process killed at any moment sees the complete old set or the complete
    new set, never a mix. Elsewhere (or on a file system without the
    exchange) each file is moved into place with one ``rename``. Staging
    folders left by a killed process are removed by the next call.

    Parameters
    ----------
    out_dir : Path
        The exports folder (created if missing).
    writers : mapping of file name to callable
        Each callable writes the file at the path it is given.
    beside : collection of str
        Names whose writers run in a forked child process, beside the others
        (:meth:`Staging.write_beside`; first and in turn where forking is not
        possible). Give it writers that share no lazily computed input with the rest.

    Returns
    -------
    list of Path
        The files written, sorted by name.

    Raises
    ------
    Exception
        Whatever a writer raises; then no file in ``out_dir`` has changed.

    Examples
    --------
    >>> import tempfile
    >>> out = Path(tempfile.mkdtemp()) / "exports"
    >>> [p.name for p in publish(out, {"a.txt": lambda p: p.write_text("a")})]
    ['a.txt']
    >>> def boom(path: Path) -> None:
    ...     raise ValueError("no")
    >>> publish(out, {"a.txt": lambda p: p.write_text("new"), "b.txt": boom})
    Traceback (most recent call last):
    ValueError: no
    >>> (out / "a.txt").read_text(), sorted(p.name for p in out.parent.iterdir())
    ('a', ['exports'])
    """
    with Staging(out_dir) as staging:
        staging.write_beside({n: w for n, w in writers.items() if n in beside})
        staging.write({n: w for n, w in writers.items() if n not in beside})
        return staging.commit()


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux ``renameat2``); False if unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    rc = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(rc == 0)


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return missing


def _staging_dir(out_dir: Path) -> Path:
    try:  # next to out_dir, so that the two folders can be exchanged
        return Path(
            tempfile.mkdtemp(prefix=f".{out_dir.name}.staging-{os.getpid()}-", dir=out_dir.parent)
        )
    except OSError:
        out_dir.mkdir(exist_ok=True)
        return Path(tempfile.mkdtemp(prefix=f".staging-{os.getpid()}-", dir=out_dir))


def _swap_in(out_dir: Path, staging: Path, names: set[str]) -> bool:
    """Carry the other entries of ``out_dir`` over as hard links, then exchange the folders.

    A name with a folder (``ontology/index.html``) makes the export own that folder:
    its old content is not carried over.
    """
    if staging.parent != out_dir.parent or out_dir.is_symlink():
        return False
    owned = {name.split("/", 1)[0] for name in names}
    carried: set[str] = set()
    try:
        for entry in out_dir.iterdir():
            if entry.name in owned or entry.name.startswith(".staging-"):
                continue
            dest = staging / entry.name
            if entry.is_symlink():
                os.symlink(os.readlink(entry), dest)
            elif entry.is_dir():
                shutil.copytree(entry, dest, symlinks=True, copy_function=os.link)
            else:
                os.link(entry, dest)
            carried.add(entry.name)
        os.chmod(staging, stat.S_IMODE(out_dir.stat().st_mode))
    except OSError:
        return False
    if not _exchange(staging, out_dir):
        return False
    _rescue(staging, out_dir, owned, carried)
    return True


def _rescue(old: Path, new: Path, owned: set[str], carried: set[str]) -> None:
    """Move into ``new`` what another process wrote into the folder while it was staged.

    ``old`` is the folder as it was swapped out: an entry this export neither owns nor
    carried over appeared after the snapshot, and a carried file whose inode changed was
    replaced meanwhile; both go to ``new`` so that the swap deletes nothing it did not
    write.
    """
    for entry in old.iterdir():
        if entry.name in owned:
            continue
        target = new / entry.name
        try:
            if entry.name not in carried:
                if not target.exists() and not target.is_symlink():
                    os.rename(entry, target)
            elif (
                entry.is_file()
                and not entry.is_symlink()
                and entry.stat().st_ino != target.stat().st_ino
            ):
                os.replace(entry, target)
        except OSError:
            continue  # it changed again meanwhile: the newer copy in ``new`` stays


def _remove_stale_staging(out_dir: Path) -> None:
    """Remove staging folders of processes that no longer run (killed mid-export)."""
    candidates = [*out_dir.parent.glob(f".{out_dir.name}.staging-*"), *out_dir.glob(".staging-*")]
    for folder in candidates:
        pid = folder.name.rsplit(".staging-", 1)[-1].split("-", 1)[0]
        if not pid.isdigit() or not process_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
