"""PDF rendering with WeasyPrint, fetching only from the template's folder and ``data:`` URLs."""

from __future__ import annotations

import contextlib
import logging
import mimetypes
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from neurareport_resources.paths import ConfinedRoot
from neurareport_resources.rendering.errors import RenderError

LOGGER = logging.getLogger(__name__)


@contextlib.contextmanager
def _sonames_only() -> Iterator[None]:
    """Let WeasyPrint's import load its C libraries by soname, without a compiler search.

    WeasyPrint tries a list of names for each library (``libpango-1.0-0``, ``pango-1.0``,
    …, ``libpango-1.0.so.0``); cffi hands every name that is not a file to
    ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, then ``gcc`` and
    ``ld`` for each one that misses: ~200 processes and ~0.3 CPU-s per render worker. The
    last names are the sonames, which ``dlopen`` finds itself (``LD_LIBRARY_PATH``, the
    ld.so cache, the default folders), so the same libraries load without the search.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


with _sonames_only():
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse


class BlockedResourceError(ValueError):
    """A template resource outside the allowed places; WeasyPrint skips it with a warning."""


class TemplateFolderFetcher(URLFetcher):
    """Serve ``file:`` URLs inside ``template_dir`` and ``data:`` URLs; refuse everything else.

    No network, no redirects, no ``file://`` outside the folder (symlinks resolved
    first, so a link pointing out is refused too). Refusals are logged as warnings
    and recorded in :attr:`blocked`; the document renders without the resource.
    """

    def __init__(self, template_dir: Path) -> None:
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False, timeout=5)
        self.confined = ConfinedRoot(template_dir, what="template folder")
        self.root = self.confined.root
        self.blocked: list[str] = []

    def _refuse(self, url: str, why: str) -> BlockedResourceError:
        shown = url if len(url) <= 120 else url[:117] + "..."
        LOGGER.warning("report template %s: not fetching %s (%s)", self.root, shown, why)
        self.blocked.append(shown)
        return BlockedResourceError(f"{shown}: {why}")

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise self._refuse(
                url, "only files inside the template folder and data: URLs are allowed"
            )
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "remote file URLs are not allowed")
        path = Path(unquote(parts.path))
        try:
            resolved = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "file does not exist") from None
        if not self.confined.contains(resolved) or not resolved.is_file():
            raise self._refuse(url, "outside the template folder")
        mime, _encoding = mimetypes.guess_type(resolved.name)
        headers_out = {"Content-Type": mime or "application/octet-stream"}
        return URLFetcherResponse(resolved.as_uri(), resolved.read_bytes(), headers_out)


@contextlib.contextmanager
def _font_timestamps(at: datetime | None) -> Iterator[None]:
    """Pin the "modified" time fontTools writes into every embedded font subset.

    It stamps the clock otherwise, so two renders of the same data a second apart differ
    and delivery (idempotent by file hash) would send an unchanged report again. fontTools
    honours ``SOURCE_DATE_EPOCH`` (reproducible builds); it is set only while rendering.
    """
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(at.timestamp()) if at is not None else 0)
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def render_pdf(
    html: str,
    *,
    template_dir: Path,
    blocked: list[str] | None = None,
    timestamp: datetime | None = None,
) -> bytes:
    """Render ``html`` to PDF bytes; relative URLs resolve inside ``template_dir``.

    The same ``html`` and ``timestamp`` (the data's time, never the clock) give the same
    bytes.

    Only files inside ``template_dir`` and ``data:`` URLs are fetched: a reference to
    ``/etc/passwd``, another folder or any network URL is logged as a warning and left
    out (and appended to ``blocked`` when given). Raises :class:`RenderError` when
    WeasyPrint cannot produce a document.
    """
    template_dir = Path(template_dir).resolve()
    fetcher = TemplateFolderFetcher(template_dir)
    # base_url must end with a separator so "style.css" resolves inside the folder
    base_url = template_dir.as_uri() + "/"
    try:
        document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
        with _font_timestamps(timestamp):
            data = document.write_pdf()
    except Exception as exc:
        raise RenderError(
            f"{template_dir}: PDF rendering failed ({type(exc).__name__}: {exc})"
        ) from exc
    if blocked is not None:
        blocked.extend(fetcher.blocked)
    if not data:
        raise RenderError(f"{template_dir}: PDF rendering produced no bytes")
    return bytes(data)


def page_count(pdf: bytes) -> int:
    """Pages in a PDF produced by :func:`render_pdf` (counted from the bytes)."""
    from io import BytesIO

    from pypdf import PdfReader

    return len(PdfReader(BytesIO(pdf)).pages)


__all__ = ["BlockedResourceError", "TemplateFolderFetcher", "page_count", "render_pdf"]
