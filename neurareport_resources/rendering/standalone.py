"""The standalone HTML report, confined like the PDF: nothing in it reaches outside.

The PDF renderer fetches only files inside the template's folder and ``data:`` URLs
(:class:`~neurareport_resources.rendering.pdf.TemplateFolderFetcher`). The HTML file a
client opens must not do more: every reference a browser would fetch — stylesheets,
``@import``, ``url()`` in CSS, images, ``srcset``, SVG ``href`` — goes through the same
fetcher and is inlined (stylesheets as ``<style>``, the rest as ``data:`` URLs) or
removed. Elements that load or run something the PDF never would (``<script>``,
``<iframe>``, ``<object>``, ``<embed>``, ``<base>``, a refresh ``<meta>``) and ``on…``
handlers are dropped, and a Content-Security-Policy forbids any fetch the rewrite missed.
Links a reader may click (``<a href="https://…">``) stay: they are not fetched.
"""

from __future__ import annotations

import base64
import html as html_module
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import tinycss2
from tinycss2 import ast

from neurareport_resources.rendering.pdf import TemplateFolderFetcher

# elements whose whole content is dropped: the PDF neither loads nor runs them
_DROPPED = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base"}
# elements without an end tag: dropping one drops nothing after it
_VOID = {"area", "base", "br", "col", "embed", "frame", "hr", "img", "input", "link", "meta"}
_VOID |= {"param", "source", "track", "wbr"}
# attributes a browser fetches on its own
_FETCHED = {"src", "poster", "background", "data", "href", "xlink:href"}
_NEVER = {"srcset", "action", "formaction", "ping", "codebase", "longdesc", "manifest"}
_CLICKABLE = ("http://", "https://", "mailto:", "tel:", "#")
_CSP = (
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
    "img-src data:; style-src 'unsafe-inline' data:; font-src data:; media-src data:\">"
)
# @import chains deeper than this are dropped (a stylesheet importing itself)
_MAX_IMPORT_DEPTH = 4


class _Inliner:
    """Turns a reference into a ``data:`` URL through the template's fetcher, or refuses."""

    def __init__(self, template_dir: Path) -> None:
        self.fetcher = TemplateFolderFetcher(template_dir)
        self.base_url = self.fetcher.root.as_uri() + "/"

    def fetch(self, url: str, base: str) -> tuple[bytes, str] | None:
        absolute = urljoin(base, url.strip())
        try:
            response = self.fetcher.fetch(absolute)
        except Exception:  # refused (recorded in fetcher.blocked) or unreadable
            return None
        return response.read(), response.headers.get_content_type()

    def data_url(self, url: str, base: str) -> str | None:
        text = url.strip()
        if text.startswith("#") or text.lower().startswith("data:"):
            return text
        fetched = self.fetch(text, base)
        if fetched is None:
            return None
        body, mime = fetched
        return f"data:{mime};base64,{base64.b64encode(body).decode('ascii')}"

    def stylesheet(self, url: str, base: str, depth: int) -> str:
        """A stylesheet's text with its own references rewritten; "" when refused."""
        if depth > _MAX_IMPORT_DEPTH:
            return ""
        fetched = self.fetch(url, base)
        if fetched is None:
            return ""
        return _rewrite_css(
            fetched[0].decode("utf-8", "replace"), self, urljoin(base, url.strip()), depth + 1
        )


def _url_of(token: ast.Node) -> str | None:
    if isinstance(token, ast.URLToken):
        return token.value
    if isinstance(token, ast.FunctionBlock) and token.lower_name == "url":
        strings = [t for t in token.arguments if isinstance(t, ast.StringToken)]
        return strings[0].value if strings else ""
    return None


def _css_url(value: str | None) -> str:
    if value is None:
        return "none"  # a refused reference: the property falls back as if it were absent
    return 'url("' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "") + '")'


_BRACKETS: dict[type, tuple[str, str]] = {
    ast.ParenthesesBlock: ("(", ")"),
    ast.SquareBracketsBlock: ("[", "]"),
    ast.CurlyBracketsBlock: ("{", "}"),
}


def _serialize(tokens: list, inliner: _Inliner, base: str, depth: int) -> str:
    out: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if isinstance(token, ast.AtKeywordToken) and token.lower_value == "import":
            # @import "x.css" …; -> the imported sheet's (rewritten) text in its place
            end = index + 1
            while end < len(tokens) and not (
                isinstance(tokens[end], ast.LiteralToken) and tokens[end].value == ";"
            ):
                end += 1
            target = next(
                (
                    _url_of(t) if _url_of(t) is not None else t.value
                    for t in tokens[index + 1 : end]
                    if _url_of(t) is not None or isinstance(t, ast.StringToken)
                ),
                None,
            )
            if target:
                out.append(inliner.stylesheet(target, base, depth))
            index = end + 1
            continue
        url = _url_of(token)
        if url is not None:
            out.append(_css_url(inliner.data_url(url, base)))
        elif isinstance(token, ast.FunctionBlock):
            out.append(
                f"{ast.serialize_identifier(token.name)}("
                f"{_serialize(token.arguments, inliner, base, depth)})"
            )
        elif type(token) in _BRACKETS:
            opening, closing = _BRACKETS[type(token)]
            out.append(f"{opening}{_serialize(token.content, inliner, base, depth)}{closing}")
        else:
            out.append(token.serialize())
        index += 1
    return "".join(out)


def _rewrite_css(css: str, inliner: _Inliner, base: str, depth: int = 0) -> str:
    """CSS with every ``url()`` inlined or set to ``none`` and every ``@import`` inlined."""
    tokens = tinycss2.parse_component_value_list(css, skip_comments=True)
    return _serialize(tokens, inliner, base, depth)


class _Rewriter(HTMLParser):
    """Re-emits the document token by token, rewriting only what could fetch or run."""

    def __init__(self, inliner: _Inliner) -> None:
        super().__init__(convert_charrefs=False)
        self.inliner = inliner
        self.out: list[str] = []
        self.dropping: list[str] = []  # open elements being dropped with their content
        self.in_style = False
        self.css: list[str] = []
        self.head_seen = False

    # -- tags ---------------------------------------------------------------------------------
    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> list | None:
        """The attributes to keep (rewritten); None when the element itself goes."""
        names = {name: value for name, value in attrs}
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            return None
        if tag == "link":
            rel = (names.get("rel") or "").lower().split()
            if "stylesheet" not in rel:
                return None  # icons, preloads, prefetches: nothing a report needs
        kept: list[tuple[str, str | None]] = []
        for name, value in attrs:
            if name.startswith("on") or name in _NEVER:
                continue
            if name == "style" and value:
                kept.append((name, _rewrite_css(value, self.inliner, self.inliner.base_url)))
            elif name in _FETCHED and value is not None:
                if tag == "a" or (tag == "area" and name == "href"):
                    if value.strip().lower().startswith(_CLICKABLE):
                        kept.append((name, value))
                    continue
                inlined = self.inliner.data_url(value, self.inliner.base_url)
                if inlined is not None:
                    kept.append((name, inlined))
            else:
                kept.append((name, value))
        return kept

    def _start(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and not closed:
                self.dropping.append(tag)
            return
        if tag in _DROPPED:
            if not closed and tag not in _VOID:
                self.dropping.append(tag)
            return
        if tag == "link":
            names = dict(attrs)
            if "stylesheet" in (names.get("rel") or "").lower().split() and names.get("href"):
                css = self.inliner.stylesheet(names["href"] or "", self.inliner.base_url, 0)
                if css:
                    self.out.append(f"<style>\n{_style_text(css)}\n</style>")
                return
        kept = self._attributes(tag, attrs)
        if kept is None:
            return
        if kept == attrs:
            self.out.append(self.get_starttag_text() or "")
        else:
            rendered = "".join(
                f" {name}" if value is None else f' {name}="{html_module.escape(value)}"'
                for name, value in kept
            )
            self.out.append(f"<{tag}{rendered}{' /' if closed else ''}>")
        if tag == "head" and not self.head_seen:
            self.head_seen = True
            self.out.append(_CSP)
        if tag == "style" and not closed:
            self.in_style = True

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs, closed=True)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in _DROPPED or tag == "link":
            return
        if tag == "style" and self.in_style:
            self.in_style = False
            css = _rewrite_css("".join(self.css), self.inliner, self.inliner.base_url)
            self.out.append(_style_text(css))
            self.css = []
        self.out.append(f"</{tag}>")

    # -- everything else, as it was -------------------------------------------------------------
    def _emit(self, text: str) -> None:
        if self.dropping:
            return
        (self.css if self.in_style else self.out).append(text)

    def handle_data(self, data: str) -> None:
        self._emit(data)

    def handle_entityref(self, name: str) -> None:
        self._emit(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._emit(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self._emit(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._emit(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._emit(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._emit(f"<![{data}]>")


def _style_text(css: str) -> str:
    # a stylesheet must not close its own <style> element
    return css.replace("</style", "<\\/style").replace("</STYLE", "<\\/STYLE")


def standalone_html(html: str, template_dir: Path, blocked: list[str] | None = None) -> str:
    """``html`` rewritten so it reads well on its own and fetches nothing from outside.

    Stylesheets, images and fonts inside ``template_dir`` are inlined; every other
    reference is removed (and appended to ``blocked`` when given), as in the PDF.
    """
    inliner = _Inliner(Path(template_dir))
    rewriter = _Rewriter(inliner)
    rewriter.feed(html)
    rewriter.close()
    if rewriter.in_style:  # an unclosed <style>: keep its (rewritten) text
        rewriter.out.append(
            _style_text(_rewrite_css("".join(rewriter.css), inliner, inliner.base_url))
        )
    text = "".join(rewriter.out)
    if not rewriter.head_seen:
        text = _CSP + text
    if blocked is not None:
        blocked.extend(inliner.fetcher.blocked)
    return text


__all__ = ["standalone_html"]
