"""PDFs that did not change are not laid out again.

Every document (a signable agreement, a handbook section) is cached under a hash of
everything it is made from:

- the renderer: WeasyPrint's version and the source of kpibook's PDF code (its version);
- the themes: every file of their `print/` and `catalogue/` folders and the fonts, in order;
- the document: its template name, its language and a digest of its context object
  (the unit's model objects, its agreement, KPIs, scorecard, strategy map SVG) that
  leaves out where each field was read (`builder/pdf/fingerprint.py`): a moved content
  folder, or a CI runner that checks out to another path, hits the cache.

The joined handbook is cached too, under a hash of the renderer and the exact bytes of
every part it is joined from (front matter, sections, folios) with their bookmarks, so
that a rebuild of an unchanged book does not join it again.

The cache lives outside the output (`options.cache_dir`), is written atomically, and is
shared by builds of any language or scope. Entries unused for `MAX_AGE_DAYS` are removed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Sequence
from dataclasses import asdict
from importlib import metadata
from pathlib import Path

from builder.output import replace_whole, write_atomic
from builder.pdf.documents import Bookmark, RenderedPdf, RenderJob
from builder.pdf.fingerprint import Fingerprint
from builder.pdf.fonts import fonts_digest
from builder.pdf.join import JoinJob

MAX_AGE_DAYS = 30
_CODE = (
    "builder/pdf",
    "builder/templating.py",
    "builder/richtext.py",
    "builder/catalogue.py",
    "builder/thaitext.py",
    "builder/fiscal.py",
)


def renderer_digest(themes: Sequence[Path]) -> str:
    """Everything that all documents of a build depend on."""
    # its installed version, not its module's `__version__`: the main process does not
    # import WeasyPrint (0.7 CPU-s) when the workers lay out every document
    digest = hashlib.sha256(f"weasyprint {metadata.version('weasyprint')}".encode())
    root = Path(__file__).resolve().parents[2]
    for part in _CODE:
        _add_tree(digest, root / part, "*.py")
    for index, theme in enumerate(themes):
        digest.update(f"theme {index}".encode())
        _add_tree(digest, theme / "print", "*")
        _add_tree(digest, theme / "catalogue", "*.yaml")
    digest.update(fonts_digest(themes).encode())
    return digest.hexdigest()


def job_key(renderer: str, job: RenderJob, fingerprint: Fingerprint | None = None) -> str:
    """The job's cache key; give one `fingerprint` to the keys of one build (shared
    objects are digested once)."""
    context = (fingerprint or Fingerprint()).digest(job.context)
    digest = hashlib.sha256(f"{renderer}\n{job.template}\n{job.lang}\n{job.pages_only}\n".encode())
    digest.update(context)
    return digest.hexdigest()


def joined_key(renderer: str, job: JoinJob) -> str:
    """A joined book's key: the exact bytes and bookmarks of every part it is joined from."""
    digest = hashlib.sha256(f"{renderer}\njoined\n{job.title}\n{job.lang}\n{job.unnumbered}".encode())
    digest.update(f"\nelsewhere {job.elsewhere!r}".encode())
    for part in job.parts:
        digest.update(f"\npart {part.unit} {part.rendered.bookmarks!r}".encode())
        digest.update(hashlib.sha256(part.rendered.pdf).digest())
    for folio in job.folios:
        digest.update(b"\nfolios")
        digest.update(hashlib.sha256(folio.pdf).digest())
    if job.stamps is not None:  # the folios written from samples
        digest.update(f"\nfolio samples {job.stamps.numbers!r}".encode())
        digest.update(hashlib.sha256(job.stamps.samples.pdf).digest())
    return digest.hexdigest()


class PdfCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / "pdf"

    def get(self, key: str) -> RenderedPdf | None:
        pdf, meta = self._paths(key)
        try:
            info = json.loads(meta.read_text("utf-8"))
            data = pdf.read_bytes()
        except (OSError, ValueError):
            return None
        if len(data) != info.get("size"):
            return None
        now = time.time()
        for path in (pdf, meta):
            os.utime(path, (now, now))  # still in use: not pruned
        bookmarks = tuple(Bookmark(**b) for b in info["bookmarks"])
        anchors = tuple((str(name), int(page)) for name, page in info.get("anchors", ()))
        return RenderedPdf(data, int(info["pages"]), bookmarks, anchors)

    def has(self, key: str) -> bool:
        """Whether a document is cached under `key` (`get` may still find it unreadable)."""
        return all(path.is_file() for path in self._paths(key))

    def put(self, key: str, rendered: RenderedPdf) -> None:
        pdf, meta = self._paths(key)
        write_atomic(pdf, rendered.pdf)
        info = {
            "size": len(rendered.pdf),
            "pages": rendered.pages,
            "bookmarks": [asdict(b) for b in rendered.bookmarks],
            "anchors": [list(anchor) for anchor in rendered.anchors],
        }
        write_atomic(meta, json.dumps(info, ensure_ascii=False).encode())  # last: marks the entry complete

    def copy_joined(self, key: str, target: Path) -> bool:
        """Copy the joined PDF cached under `key` to `target`; False when there is none."""
        cached = self._joined(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(cached, target)
            now = time.time()
            os.utime(cached, (now, now))  # still in use: not pruned
        except OSError:
            return False
        return True

    def put_joined(self, key: str, source: Path) -> None:
        with open(source, "rb") as joined:  # whole or not at all: a reader sees the whole file or none
            replace_whole(self._joined(key), lambda out: shutil.copyfileobj(joined, out))

    def prune(self, max_age_days: int = MAX_AGE_DAYS) -> None:
        if not self.folder.is_dir():
            return
        cutoff = time.time() - max_age_days * 86400
        for path in self.folder.glob("*/*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except OSError:
                pass  # another build removed or replaced it

    def _joined(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.joined.pdf"

    def _paths(self, key: str) -> tuple[Path, Path]:
        folder = self.folder / key[:2]
        return folder / f"{key}.pdf", folder / f"{key}.json"


def _add_tree(digest: hashlib._Hash, folder: Path, pattern: str) -> None:
    if folder.is_file():
        files = [folder]
    elif folder.is_dir():
        files = sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    else:
        return
    for path in files:
        digest.update(path.name.encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
