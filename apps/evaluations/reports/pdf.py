"""WeasyPrint for the reports (DESIGN.md: a URL fetcher that allows only the app's own static files
and ``data:``).

* ``StaticOnlyFetcher`` never touches the network or the file system outside the static files:
  a URL on the site's own origin under ``STATIC_URL`` is read through the staticfiles finders,
  a ``data:`` URL is decoded, everything else (``file://``, other hosts, ``/media/``, a path that
  climbs out with ``..``) is refused. WeasyPrint then leaves the image or attachment out.
* ``render_pdf`` makes one PDF of one HTML document.
* ``render_split`` is the batch trick (bench/README.md, "reports"): one HTML document holds many
  people's pages, each part's first page holding an element ``id="doc-<key>"``. WeasyPrint parses
  the CSS, loads the fonts and lays out once; the rendered pages are then cut at those anchors and
  each person's pages are written as their own PDF with ``Document.copy(pages)``.
* ``render_pieces`` is the other way round, for a document too long to lay out at once (a unit of
  a thousand members): its pieces are laid out one after another, each as its own WeasyPrint
  document, and their PDFs joined (pypdf), so a worker holds one piece's layout at a time.
* ``page_css`` numbers the pages of each part on its own ("Halaman 2 dari 3"): every part is a
  page group of the one page name ``part``, whose first page resets the page counter.

What keeps a shared render cheap is that the twenty people's pages share their computed styles:
WeasyPrint computes a style once for elements that match the same rules under the same parent
style. Anything that singles a part out (an ``id`` on an element with children, a rule for one
part, an inline ``style``) would make the whole part's styles its own, so the anchor sits on the
part's title (text only), the page total of a shared render is a string the part carries
(``data-pages``, one page), and a part that needs more pages is rendered again on its own, where
the total is the document's own page count.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import io
import logging
import mimetypes
import posixpath
import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.utils.translation import gettext as _
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject
from weasyprint import CSS, HTML
from weasyprint.html import UA, UA_COUNTER_STYLE, UA_STYLESHEET
from weasyprint.images import SVGImage
from weasyprint.pdf.metadata import DocumentMetadata
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

ANCHOR_PREFIX = "doc-"
# WeasyPrint logs seven INFO lines per document ("Step 1 - Fetching and parsing HTML"...): 140,000
# lines for a monthly batch, and time spent formatting them. Its warnings (a refused URL) stay.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class RefusedURL(ValueError):
    """A URL the report fetcher does not serve."""


def site_base_url() -> str:
    """The base URL of every report document: the site's own origin, so ``/static/...`` resolves
    to a URL that ``StaticOnlyFetcher`` recognises."""
    return settings.SIKAP_SITE_URL.rstrip("/") + "/"


def static_file_for(url: str) -> Path | None:
    """The static file a URL names, when it is on the site's own origin under STATIC_URL."""
    parts, site = urlsplit(url), urlsplit(site_base_url())
    if parts.scheme not in ("http", "https") or (parts.scheme, parts.netloc) != (site.scheme, site.netloc):
        return None
    prefix = urlsplit(settings.STATIC_URL).path
    path = unquote(parts.path)
    if not prefix.startswith("/") or not path.startswith(prefix):
        return None
    relative = path[len(prefix) :]
    if not relative or "\\" in relative or "\x00" in relative:
        return None
    if posixpath.normpath(relative) != relative or relative.startswith(("/", "../")) or relative == "..":
        return None
    found = finders.find(relative)
    return Path(found) if found and Path(found).is_file() else None


@lru_cache(maxsize=64)
def _static_bytes(path: Path) -> bytes:
    return path.read_bytes()


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's static files and ``data:`` URLs; refuses every other URL. ``asked``
    lists every URL WeasyPrint asked for (the tests read it)."""

    def __init__(self):
        super().__init__(timeout=2, allowed_protocols={"data"}, allow_redirects=False)
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        if url[:5].lower() == "data:":
            return super().fetch(url, headers)  # urllib's data: handler; nothing is opened
        path = static_file_for(url)
        if path is None:
            raise RefusedURL(f"report fetcher refuses {url[:200]!r}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, body=_static_bytes(path), headers={"Content-Type": content_type})


@lru_cache(maxsize=1)
def _font_config() -> FontConfiguration:
    """One font configuration per process: the system fonts (DejaVu), loaded once."""
    return FontConfiguration()


class _SharedImages(dict):
    """WeasyPrint's image cache, shared by every render of the process so a raster logo is decoded
    once. An SVG image is not kept: WeasyPrint's ``SVGImage`` holds the layout context of the
    document that loaded it, so sharing it kept the worker's first document alive for good (about
    190,000 objects for a chunk of twenty people), and every later collection had to walk them."""

    def __setitem__(self, key, value):
        if not isinstance(value, SVGImage):
            super().__setitem__(key, value)


_IMAGE_CACHE = _SharedImages()


_frozen = False


@lru_cache(maxsize=1)
def _malloc_trim():
    """glibc's malloc_trim, or None elsewhere: hands the heap that a big document freed (Pango's
    and HarfBuzz's C allocations among it) back to the system, so RSS returns to its level."""
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


@contextmanager
def gc_paused():
    """Run a batch step without the cyclic garbage collector, then collect once.

    WeasyPrint allocates hundreds of thousands of objects per document, so the collector would run
    again and again, each time walking everything the process holds (Django, the models, the
    fonts). Instead, what lives at the first batch step is frozen (``gc.freeze``: never scanned
    again), collection is off while a chunk renders, and one collection afterwards frees the
    chunk's layout trees; malloc_trim then returns the freed heap, so the process's memory stays
    flat even after a unit document of forty pages. Measured: about a fifth less CPU per document
    (bench/README.md)."""
    global _frozen
    if not _frozen:
        gc.collect()
        gc.freeze()
        _frozen = True
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        release()


def release() -> None:
    """Free what the last layout left (its boxes hold cycles, so only the collector frees them) and
    hand the heap back to the system."""
    gc.collect()
    if (trim := _malloc_trim()) is not None:
        trim(0)


def _css_string(text: str) -> str:
    """A CSS string literal (inside a <style> element, so "<" is escaped too)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ")
    return f'"{escaped}"'


def page_css(*, solo: bool, first_page: int = 1) -> str:
    """CSS that prints "Halaman i dari n" at the bottom right of every page of a part. In a document
    of one part, n is the document's page count; in a shared render or a piece of a longer
    document, the part's ``data-pages`` (``render_split`` renders a part again on its own when that
    is not its real count). A piece that continues a document (``first_page`` > 1) numbers on from
    there and has the running header on its first page too."""
    total = "counter(pages)" if solo else "string(pages)"
    content = []
    for bit in re.split(r"(%\(pages?\)s)", _("Halaman %(page)s dari %(pages)s")):
        if bit == "%(page)s":
            content.append("counter(page)")
        elif bit == "%(pages)s":
            content.append(total)
        elif bit:
            content.append(_css_string(bit))
    rules = f"@page part {{ @bottom-right {{ content: {' '.join(content)}; }} }}"
    if first_page > 1:
        go_on = f"counter-reset: page {int(first_page)}; @top-left {{ content: string(header); }}"
        rules += f" @page part:nth(1 of part) {{ {go_on} }}"
    return rules


@lru_cache(maxsize=1)
def _user_agent_sheet() -> CSS:
    """WeasyPrint's HTML stylesheet without its rules for every element's ``::marker``,
    ``::footnote-*`` and ``::note-*``: they gave each element six pseudo-element styles that a
    report never uses (six in seven of the styles a document computed, and as many objects for the
    garbage collector). List markers keep their rule, scoped to ``li``."""
    text = UA.replace("\n::marker {", "\nli::marker {")
    text = re.sub(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}$", "", text, flags=re.M)
    # Its @counter-style rules are in UA_COUNTER_STYLE already (WeasyPrint parsed them on import,
    # and every document starts from a copy): parsed again, "disc" and "decimal" log a warning.
    text = re.sub(r"^@counter-style [^\n]*\}$", "", text, flags=re.M)
    if "\n::" in text:  # a WeasyPrint upgrade added or renamed one: keep its own sheet
        return UA_STYLESHEET
    return CSS(string=text, counter_style=UA_COUNTER_STYLE)


class ReportHTML(HTML):
    def _ua_stylesheets(self, forms=False):
        return [_user_agent_sheet()]


def layout(html: str, fetcher: StaticOnlyFetcher | None = None):
    """The laid-out WeasyPrint document (its pages, their boxes), before any PDF is written."""
    fetcher = fetcher or StaticOnlyFetcher()
    source = ReportHTML(string=html, base_url=site_base_url(), url_fetcher=fetcher)
    return source.render(font_config=_font_config(), cache=_IMAGE_CACHE)


def _metadata(title: str, created: datetime) -> DocumentMetadata:
    return DocumentMetadata(
        title=title,
        authors=[f"{settings.SIKAP_AGENCY_NAME} {settings.SIKAP_GOVERNMENT_NAME}"],
        generator="SIKAP ASN",
        created=created.isoformat(timespec="seconds"),
        lang="id",
    )


def render_pdf(html: str, *, title: str, created: datetime, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    document = layout(html, fetcher)
    document.metadata = _metadata(title, created)
    return document.write_pdf()


def render_split(
    html: str,
    titles: dict[str, str],
    *,
    created: datetime,
    fetcher: StaticOnlyFetcher | None = None,
    alone: Callable[[str], str] | None = None,
) -> dict[str, bytes]:
    """{key: PDF} for a document whose part ``key`` starts on the page holding ``id="doc-<key>"``;
    ``titles`` gives every key (in document order) and the title of its PDF. ``alone(key)``, when
    given, is the HTML of that part as a document of its own: a part that took more than the one
    page its ``data-pages`` promised is rendered again that way, so that "dari n" is right."""
    document = layout(html, fetcher)
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith(ANCHOR_PREFIX):
                starts.setdefault(anchor[len(ANCHOR_PREFIX) :], index)
    missing = [key for key in titles if key not in starts]
    if missing:
        raise ValueError(f"no page starts the part(s) {missing[:5]}")
    if len(set(starts.values())) != len(starts):
        raise ValueError("two parts start on the same page: each part must begin with a page break")
    order = sorted(titles, key=starts.__getitem__)
    pdfs = {}
    for position, key in enumerate(order):
        end = starts[order[position + 1]] if position + 1 < len(order) else len(document.pages)
        if alone is not None and len(order) > 1 and end - starts[key] != 1:
            part = layout(alone(key), fetcher)
        else:
            part = document.copy(document.pages[starts[key] : end])
        part.metadata = _metadata(titles[key], created)
        pdfs[key] = part.write_pdf()
    return pdfs


def render_pieces(
    pieces: list[Callable[[int, int], str]],
    *,
    title: str,
    created: datetime,
    fetcher: StaticOnlyFetcher | None = None,
) -> bytes:
    """One PDF of a document given as pieces, each ``piece(first_page, total)`` the HTML of a
    document of its own whose pages are numbered from ``first_page`` "dari ``total``" (``total``
    0: its own page count, as for a document of one piece). Each piece starts on a new page. The
    pieces are laid out twice, one at a time: once to count their pages (a page count does not
    depend on the numbers in the footer), then with the real numbers, each written and freed
    before the next; the PDFs are joined with pypdf."""
    if len(pieces) == 1:
        return render_pdf(pieces[0](1, 0), title=title, created=created, fetcher=fetcher)
    counts = []
    for piece in pieces:
        counts.append(len(layout(piece(1, 0), fetcher).pages))
        release()
    metadata, writer, first, info = _metadata(title, created), PdfWriter(), 1, None
    for piece, count in zip(pieces, counts, strict=True):
        document = layout(piece(first, sum(counts)), fetcher)
        document.metadata = metadata
        reader = PdfReader(io.BytesIO(document.write_pdf()))
        info = info or dict(reader.metadata or {})  # WeasyPrint's title, author, dates
        writer.append(reader)
        del document, reader
        release()
        first += count
    writer.add_metadata(info)
    writer.root_object[NameObject("/Lang")] = TextStringObject(metadata.lang)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
