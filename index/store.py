"""Where an index lives: in memory, or in an on-disk cache for large handbooks.

The shipped handbook (15 sections) builds in memory in a few tens of milliseconds.
whoosh's :class:`RamStorage` still writes its scratch files through one shared
directory (``/tmp/MAIN.tmp``), so processes building at the same time break each
other's builds; :class:`PrivateRamStorage` keeps the scratch space in memory too.

A large handbook (``--content DIR`` with hundreds of sections) is cached in the user
cache directory, under a key made of its content, the code that turns content into an
index (analysis, schema, text conversion) and the whoosh version. The key is computed
from the raw sections, so opening a cached index never converts Markdown. A cache entry
is built in a temporary directory beside the entry and renamed into place, so nobody
ever sees half an index; a manifest of sizes and checksums catches entries damaged
later. Whatever goes wrong with the cache (damaged, missing or foreign files, a
read-only directory, a lock held by another process) ends in a rebuild or an in-memory
index, never in an error.

What may be deleted is decided by :mod:`paddehatten.content.userfiles`: every entry
and build folder is made with its marker, and only marked folders are ever removed
(old entries, damaged ones, and the build folders of processes that are gone).
Anything else in the cache folder (a person's own files, lock files) stays.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import whoosh
from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.filedb.structfile import BufferFile, StructFile

from paddehatten.content import files, userfiles
from paddehatten.content.model import Handbook
from paddehatten.index.analysis import KINDS
from paddehatten.index.documents import Document
from paddehatten.index.schema import PARTS, field, make_schema

#: From this many documents on, an index is worth caching on disk.
CACHE_MIN_DOCUMENTS = 200
#: Environment variable naming a folder the caches go under (tests point it at a
#: temporary one); the program makes its own folder inside it.
CACHE_ENV = userfiles.CACHE_ENV
MANIFEST = "manifest.json"
#: Cache entries kept besides the one in use; older ones are removed.
KEEP_ENTRIES = 3
#: The largest file of a cache entry read back.
MAX_ENTRY_FILE_BYTES = 1024 * 1024 * 1024
#: Prefix of the folder an entry is built in before it is renamed into place.
BUILD_PREFIX = ".build-"


class _KeptBytes(BytesIO):
    """An in-memory file that stores its bytes in ``files`` when it is closed, however
    it is closed: whoosh's sort runs close the raw file, not the StructFile around it."""

    def __init__(self, files: dict[str, bytes], name: str) -> None:
        super().__init__()
        self._files, self._name = files, name

    def close(self) -> None:
        if not self.closed:
            self._files[self._name] = self.getvalue()
        super().close()


class PrivateRamStorage(RamStorage):  # type: ignore[misc]
    """A RamStorage whose scratch space is in memory as well, never in a shared /tmp.

    RamStorage loses a file closed through ``raw_file()``, which is how whoosh writes
    the sort runs of a build too large to sort at once (about 1,000 sections and up):
    here every file is kept however it is closed."""

    def temp_storage(self, name: str | None = None) -> PrivateRamStorage:
        return PrivateRamStorage()

    def create_file(self, name: str, **kwargs: Any) -> Any:
        return StructFile(_KeptBytes(self.files, name), name=name)

    def open_file(self, name: str, **kwargs: Any) -> Any:
        # RamStorage wraps the bytes in a memoryview, which BufferFile then copies
        # whole; given the bytes themselves, it shares them.
        if name not in self.files:
            raise NameError(name)
        return BufferFile(self.files[name], name=name, **kwargs)


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The directory cache entries go in: ``cache_dir``, else the ``index`` folder of
    the program's cache (:func:`paddehatten.content.userfiles.cache_dir`)."""
    if cache_dir is not None:
        return Path(cache_dir)
    return userfiles.cache_dir("index")


def trusted_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """:func:`cache_root`, made if missing, once it is the person's own folder closed
    to others; OSError (:class:`~paddehatten.content.userfiles.UntrustedFolder`) else."""
    if cache_dir is not None:
        return userfiles.private_dir(Path(cache_dir))
    return userfiles.private_cache_dir("index")


#: Modules whose code shapes what is stored: any change to them changes the key.
_SHAPING_MODULES = (
    "paddehatten.content.text",
    "paddehatten.index.analysis",
    "paddehatten.index.documents",
    "paddehatten.index.schema",
    "paddehatten.index.store",
)


@lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    digest = hashlib.sha256(whoosh.versionstring().encode())
    for name in _SHAPING_MODULES:
        module = sys.modules.get(name)
        try:
            digest.update(Path(str(getattr(module, "__file__", ""))).read_bytes())
        except OSError:
            # No source to read (a frozen build): the program's version stands in.
            from importlib.metadata import PackageNotFoundError, version

            with contextlib.suppress(PackageNotFoundError):
                digest.update(version("paddehatten").encode())
    return digest.digest()


def cache_key(handbook: Handbook, extra: Sequence[Document] = ()) -> str:
    """A hash of the handbook's sections as written (no Markdown is converted), of the
    extra documents, and of the code and whoosh version that shape the index."""
    values: list[str] = []
    for section in handbook.sections:
        values += (section.id, section.title, section.body, section.note or "")
    for document in extra:
        values += (document.id, document.kind, document.title, document.text)
    # NUL cannot occur in content (the loader refuses it, documents are cleaned), so
    # it separates the values unambiguously; one update is much faster than thousands.
    data = "\0".join(values).encode("utf-8", "surrogatepass")
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(len(values).to_bytes(8, "little"))
    digest.update(data)
    return digest.hexdigest()[:32]


def write_documents(ix: Any, documents: Sequence[Document]) -> None:
    """Add ``documents`` to the empty index ``ix`` and commit."""
    writer = ix.writer(limitmb=256)
    try:
        for document in documents:
            values: dict[str, str] = {
                "id": document.id,
                "kind": document.kind,
                "title": document.title,
                "text": document.text,
            }
            for part, value in zip(PARTS, (document.title, document.text), strict=True):
                for kind in KINDS:
                    values[field(part, kind)] = value
            writer.add_document(**values)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def build_in_memory(documents: Sequence[Document]) -> Any:
    """A whoosh index of ``documents``, entirely in this process's memory."""
    ix = PrivateRamStorage().create_index(make_schema())
    write_documents(ix, documents)
    return ix


# The on-disk cache -------------------------------------------------------------------


def _manifest_body(key: str, count: int, listed: dict[str, list[object]]) -> bytes:
    return json.dumps({"key": key, "documents": count, "files": listed}, sort_keys=True).encode(
        "utf-8"
    )


def _write_manifest(folder: Path, key: str, count: int, secret: bytes) -> None:
    """Record the size and SHA-256 of every index file, signed with ``secret``, for
    :func:`load_entry` to check."""
    listed: dict[str, list[object]] = {}
    for path in sorted(folder.iterdir()):
        if (
            path.is_file()
            and path.name not in (MANIFEST, userfiles.MARKER)
            and not path.name.endswith("LOCK")
        ):
            data = path.read_bytes()
            listed[path.name] = [len(data), hashlib.sha256(data).hexdigest()]
    body = _manifest_body(key, count, listed)
    manifest = {"body": body.decode("utf-8"), "signature": userfiles.sign(body, secret)}
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


def load_entry(folder: Path, key: str, secret: bytes) -> Any:
    """The index cached in ``folder``, read into memory after checking the manifest's
    signature and every file against it; raises (ValueError, OSError, …) if anything
    is amiss. Nothing is given to whoosh (which unpickles) before that.

    Reading it into memory (instead of mapping the files) costs a copy, but a file
    replaced or truncated later can then never bring the program down.
    """
    outer = json.loads(files.read_text(folder / MANIFEST, MAX_ENTRY_FILE_BYTES))
    if not isinstance(outer, dict) or not isinstance(outer.get("body"), str):
        raise ValueError("the manifest is not ours")
    body = outer["body"].encode("utf-8", "surrogatepass")
    if not userfiles.verify(body, outer.get("signature"), secret):
        raise ValueError("the manifest's signature does not hold")
    manifest = json.loads(body)
    if not isinstance(manifest, dict):
        raise ValueError("the manifest is not a mapping")
    listed, count = manifest.get("files"), manifest.get("documents")
    if manifest.get("key") != key or not isinstance(count, int):
        raise ValueError("the cache entry is for other documents")
    if not isinstance(listed, dict) or not listed:
        raise ValueError("the manifest lists no files")
    ram = PrivateRamStorage()
    for name, (size, digest) in listed.items():
        if not isinstance(name, str) or Path(name).name != name or name.startswith("."):
            raise ValueError("the manifest names a file outside the entry")
        # Regular files only: a FIFO or /dev/zero put in the entry never hangs us.
        data = files.read_bytes(folder / name, MAX_ENTRY_FILE_BYTES)
        if len(data) != size or hashlib.sha256(data).hexdigest() != digest:
            raise ValueError(f"{name} is damaged")
        ram.files[name] = data
    ix = ram.open_index()
    if ix.doc_count() != count:
        raise ValueError("the cached index holds another number of documents")
    return ix


def _discard(entry: Path) -> None:
    """Move a damaged entry out of the way first, so no other process opens it
    meanwhile, then delete it if the program made it. One it cannot prove it made
    (its marker is gone too) is only moved aside, as ``.kept-…``, and never deleted."""
    stamp = f"{entry.name}-{os.getpid()}-{time.monotonic_ns()}"
    if not userfiles.is_owned(entry):
        with contextlib.suppress(OSError):
            entry.rename(entry.with_name(f".kept-{stamp}"))
        return
    aside = entry.with_name(f".bad-{stamp}")
    try:
        entry.rename(aside)
    except OSError:
        userfiles.remove_owned(entry)
        return
    userfiles.remove_owned(aside)


def _prune(root: Path, keep: str) -> None:
    """Remove our old entries, damaged ones set aside, and the build folders of
    processes that are gone; best effort. Only folders the program made (with their
    marker) are ever removed: nothing else in ``root`` is touched."""
    with contextlib.suppress(OSError):
        entries = []
        for path in root.iterdir():
            if path.name == keep:
                continue
            if path.name.startswith(BUILD_PREFIX):
                userfiles.remove_abandoned(path)
            elif path.name.startswith(".bad-"):
                if userfiles.abandoned(path):
                    userfiles.remove_owned(path)
            elif userfiles.is_owned(path):
                entries.append((path.stat().st_mtime, path))
        entries.sort(reverse=True)
        for _, path in entries[KEEP_ENTRIES:]:
            userfiles.remove_owned(path)


def _build_lock(root: Path, key: str) -> contextlib.AbstractContextManager[str | None]:
    """None when we may build entry ``key``; otherwise why not. Never waits: a process
    that holds the lock may be building, or stuck."""
    return userfiles.try_lock(root / f".{key}.lock")


def _build_on_disk(root: Path, key: str, documents: Sequence[Document], secret: bytes) -> Any:
    """Build the entry in a private directory and rename it into place; returns the
    index, in memory if the entry could not be published."""
    _prune_builds(root)
    build = userfiles.make_owned_dir(root, BUILD_PREFIX)
    try:
        ix = FileStorage(str(build)).create_index(make_schema())
        write_documents(ix, documents)
        _write_manifest(build, key, len(documents), secret)
        entry = root / key
        try:
            build.rename(entry)
        except OSError:
            # Someone else published the same entry first (or renaming is not
            # allowed here): use what we built.
            return load_entry(build, key, secret)
        _prune(root, key)
        return load_entry(entry, key, secret)
    finally:
        if build.exists():
            userfiles.remove_owned(build)


def _prune_builds(root: Path) -> None:
    """Before a build: remove the build folders of processes that were killed."""
    with contextlib.suppress(OSError):
        for path in root.iterdir():
            if path.name.startswith(BUILD_PREFIX):
                userfiles.remove_abandoned(path)


def open_or_build(
    key: str,
    documents: Callable[[], Sequence[Document]],
    size: int,
    *,
    cache: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
) -> tuple[Any, str]:
    """The whoosh index for cache key ``key``, and where it came from.

    ``documents()`` gives the documents when the index must be built; ``size`` is about
    how many there are. ``cache``: True always uses the disk cache, False never, None
    (the default) from :data:`CACHE_MIN_DOCUMENTS` documents on. The second value says
    what happened: "memory", "cache" (opened from disk), "built" (built and cached), or
    "memory (…)" with the reason the cache could not be used.
    """
    use_cache = size >= CACHE_MIN_DOCUMENTS if cache is None else cache
    if not use_cache:
        return build_in_memory(documents()), "memory"
    try:
        root = trusted_root(cache_dir)
        secret = userfiles.secret()
    except OSError as error:
        reason = error.strerror or str(error) or type(error).__name__
        return build_in_memory(documents()), f"memory (cache directory: {reason})"
    entry = root / key
    damaged = False
    if entry.exists():
        try:
            found = load_entry(entry, key, secret)
            # Builds killed before (SIGKILL, a closed terminal) are cleaned up even
            # when every start finds its entry and never builds again.
            _prune_builds(root)
            return found, "cache"
        except Exception:
            # Damaged whoosh files raise EOFError, struct.error, UnpicklingError,
            # UnicodeDecodeError, OSError ... or nothing, which the manifest catches.
            damaged = True
    with _build_lock(root, key) as refused:
        if refused:
            return build_in_memory(documents()), f"memory ({refused})"
        if entry.exists():
            if not damaged:
                # Another process published it a moment ago: use theirs.
                with contextlib.suppress(Exception):
                    return load_entry(entry, key, secret), "cache"
            _discard(entry)
        try:
            return _build_on_disk(root, key, documents(), secret), "built"
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return build_in_memory(documents()), f"memory (cache not writable: {reason})"
        except Exception as error:
            # whoosh's own errors when writing to disk (a LockError, say).
            return build_in_memory(documents()), f"memory (cache build failed: {error!r})"
