"""HTML and PDF rendering of the built-in report, opened as a reader would."""

from __future__ import annotations

import io
import logging
import os
import shutil
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from neurareport_resources.rendering import (
    RenderError,
    TemplateFolderFetcher,
    render_html,
    render_pdf,
)


@pytest.fixture
def report(template_dir: Path, context: dict) -> tuple[str, bytes]:
    html = render_html(template_dir, context)
    return html, render_pdf(html, template_dir=template_dir)


def _pdf_text(pdf: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return [page.extract_text() or "" for page in document.pages]


def test_pdf_has_every_section_with_page_numbers_and_toc(report, context) -> None:
    _, pdf = report
    reader = PdfReader(io.BytesIO(pdf))
    pages = len(reader.pages)
    assert pages >= 5
    texts = _pdf_text(pdf)
    everything = "\n".join(texts)
    for heading in (
        "Summary",
        "Against earlier months",
        "Cash flow by category",
        "Daily balance trend",
        "Largest transactions",
        "Recurring payments",
        "Counterparties",
        "Unusual payments",
        "Exceptions",
        "All transactions",
    ):
        assert heading in everything
    # cover: tenant, holder, account, period
    assert "Acme Trading Ltd" in texts[0] and "12345678" in texts[0]
    assert "01 Mar 2025 – 31 Mar 2025" in texts[0]
    assert "Balances reconcile" in texts[0]
    # running footer with page numbers on every page
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {pages}" in text
    # running header from page 2 on
    assert "Monthly account report · Acme Trading Ltd" in texts[1]
    # table of contents with page numbers that point at the right pages
    toc_lines = [line for line in texts[0].splitlines() if line.startswith("All transactions")]
    assert toc_lines, texts[0]
    ledger_page = int(toc_lines[0].rstrip(". ").split(".")[-1].strip().split()[-1])
    assert "All transactions" in texts[ledger_page - 1]


def test_pdf_numbers_are_in_the_statement_currency(report, context) -> None:
    _, pdf = report
    texts = _pdf_text(pdf)
    summary = next(
        t for t in texts if "Opening balance" in t.replace("OPENING BALANCE", "Opening balance")
    )
    assert "£2,500.00" in summary
    assert f"£{context['closing_balance']:,}".replace("£-", "-£") in "\n".join(texts)
    # every ledger row is printed
    rows = context["rows"]
    everything = "\n".join(texts)
    assert everything.count("CARD PAYMENT TO") >= sum(
        "CARD PAYMENT TO" in r["description"] for r in rows
    )


def test_pdf_has_svg_charts_drawn_not_fetched(report) -> None:
    html, _ = report
    assert html.count("<svg") == 2
    assert "<polyline" in html and "<rect" in html
    assert "http" not in html.split("<body>")[1].split("</body>")[0].replace(
        "http://www.w3.org", ""
    )


def test_locale_follows_the_currency(template_dir: Path, context: dict) -> None:
    context = dict(context, currency="EUR")
    context["report"] = dict(context["report"], locale=None)
    html = render_html(template_dir, context)
    # EUR defaults to de_DE: 2.500,00 € and dotted dates
    assert "2.500,00\u00a0€" in html
    assert "01.03.2025" in html


def test_description_with_html_and_script_is_escaped(template_dir: Path, context: dict) -> None:
    context = dict(context)
    context["rows"] = [
        dict(
            context["rows"][0],
            description='<script>alert("x")</script><img src=x onerror=alert(1)>',
        ),
        *context["rows"][1:],
    ]
    html = render_html(template_dir, context)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    pdf = render_pdf(html, template_dir=template_dir)
    assert '<script>alert("x")</script>' in "\n".join(_pdf_text(pdf)).replace("\n", "")


def _copy_template(template_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "tpl"
    shutil.copytree(template_dir, target)
    return target


def test_template_reaching_outside_its_folder_renders_without_it(
    template_dir: Path, context: dict, tmp_path: Path, caplog
) -> None:
    folder = _copy_template(template_dir, tmp_path)
    secret = tmp_path / "secret.css"
    secret.write_text("body { background: red; }", encoding="utf-8")
    (folder / "evil.css").symlink_to(secret)
    report = folder / "report.html"
    source = report.read_text(encoding="utf-8")
    source = source.replace(
        '<link rel="stylesheet" href="style.css">',
        '<link rel="stylesheet" href="style.css">'
        '<link rel="stylesheet" href="../secret.css">'
        '<link rel="stylesheet" href="evil.css">'
        '<link rel="stylesheet" href="http://169.254.169.254/latest/meta-data/">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="https://example.com/logo.png" alt="">'
        '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" alt="">',
    )
    report.write_text(source, encoding="utf-8")
    html = render_html(folder, context)
    with caplog.at_level(logging.WARNING):
        pdf = render_pdf(html, template_dir=folder)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 5
    warned = "\n".join(
        r.getMessage() for r in caplog.records if r.name == "neurareport_resources.rendering.pdf"
    )
    for blocked in ("secret.css", "evil.css", "169.254.169.254", "/etc/passwd", "example.com"):
        assert blocked in warned, blocked
    assert "data:image" not in warned


def test_fetcher_allows_only_the_folder_and_data(tmp_path: Path) -> None:
    folder = tmp_path / "tpl"
    folder.mkdir()
    (folder / "a.css").write_text("p{}", encoding="utf-8")
    fetcher = TemplateFolderFetcher(folder)
    assert fetcher.fetch((folder / "a.css").as_uri()).read() == b"p{}"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in (
        "file:///etc/passwd",
        (folder / ".." / "x.css").as_uri(),
        "http://127.0.0.1:1/",
        "ftp://example.com/x",
        "file://otherhost/etc/passwd",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert len(fetcher.blocked) == 5


def test_include_outside_the_folder_is_refused(
    template_dir: Path, context: dict, tmp_path: Path
) -> None:
    folder = _copy_template(template_dir, tmp_path)
    (tmp_path / "outside.html").write_text("SECRET", encoding="utf-8")
    report = folder / "report.html"
    report.write_text(
        report.read_text(encoding="utf-8").replace(
            "<body>", "<body>{% include '../outside.html' %}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RenderError) as error:
        render_html(folder, context)
    assert "report.html" in str(error.value)


def test_sandbox_blocks_python_internals(template_dir: Path, context: dict, tmp_path: Path) -> None:
    folder = _copy_template(template_dir, tmp_path)
    report = folder / "report.html"
    report.write_text(
        report.read_text(encoding="utf-8").replace(
            "<body>", "<body>{{ analysis.__class__.__init__.__globals__ }}"
        ),
        encoding="utf-8",
    )
    with pytest.raises(RenderError):
        render_html(folder, context)


def test_missing_template_folder_is_a_render_error(tmp_path: Path, context: dict) -> None:
    with pytest.raises(RenderError) as error:
        render_html(tmp_path / "nope", context)
    assert "nope" in str(error.value)


def test_long_descriptions_wrap_in_the_ledger_instead_of_being_cut(
    template_dir: Path, context: dict
) -> None:
    long_text = "FASTER PAYMENT FROM " + " ".join(f"REFERENCE{n:03d}" for n in range(25))
    context = dict(context)
    context["rows"] = [dict(context["rows"][0], description=long_text), *context["rows"][1:]]
    pdf = render_pdf(render_html(template_dir, context), template_dir=template_dir)
    words = " ".join(_pdf_text(pdf)).split()
    for n in range(25):
        assert f"REFERENCE{n:03d}" in words


def test_fixed_width_filter_pads_and_cuts() -> None:
    from neurareport_resources.rendering.formatting import fixed_width

    assert fixed_width("abc", 5) == "abc  "
    assert fixed_width("-1,234.50", 12, "right") == "   -1,234.50"
    assert fixed_width("recurring payments long", 10) == "recurring…"
    assert fixed_width(None, 3) == "   "


@pytest.mark.skipif(
    shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed"
)
def test_pages_rasterise_with_content(report, tmp_path: Path) -> None:
    """The pages as a reader sees them: PNGs in the test's tmp folder, none blank."""
    import subprocess

    from PIL import Image, ImageStat

    _, pdf = report
    (tmp_path / "report.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(tmp_path / "report.pdf"), str(tmp_path / "page")],
        check=True,
    )
    images = sorted(tmp_path.glob("page-*.png"))
    assert len(images) == len(PdfReader(io.BytesIO(pdf)).pages)
    for image in images:
        with Image.open(image) as page:
            # a blank page has no variance; text, tables and charts do
            assert ImageStat.Stat(page.convert("L")).stddev[0] > 5, image.name


def test_exceptions_in_the_platform_shape_render(template_dir: Path, conn, analysis) -> None:
    from neurareport_resources.rendering import build_report_context, ledger_contract_inputs

    scalars, rows, totals = ledger_contract_inputs(conn, "ledger", analysis)
    context = build_report_context(
        scalars,
        rows,
        totals,
        analysis,
        {
            "tenant": "acme",
            "exceptions": [
                {"kind": "page", "where": "march.pdf page 3", "detail": "no balance column"},
                {
                    "severity": "BLOCKING",
                    "source": "rule: currency-consistent",
                    "message": "EUR row",
                },
                "a plain note",
            ],
            "warnings": ["statement arrived late"],
        },
    )
    assert [e["severity"] for e in context["report"]["exceptions"]] == [
        "WARNING",
        "BLOCKING",
        "WARNING",
    ]
    html = render_html(template_dir, context)
    exceptions = html.split('id="exceptions"')[1].split("</section>")[0]
    for text in (
        "page: march.pdf page 3",
        "no balance column",
        "EUR row",
        "a plain note",
        "statement arrived late",
    ):
        assert text in exceptions


def test_the_ledger_is_a_real_table_in_the_html(template_dir: Path, context: dict) -> None:
    from html.parser import HTMLParser

    class Ledger(HTMLParser):
        """Collects the ledger table's header cells and its rows' cells."""

        def __init__(self) -> None:
            super().__init__()
            self.inside = self.in_head = False
            self.cell: list[str] | None = None
            self.head: list[str] = []
            self.rows: list[list[str]] = []

        def handle_starttag(self, tag, attrs):
            if tag == "table" and ("class", "ledger-table") in attrs:
                self.inside = True
            elif self.inside and tag == "thead":
                self.in_head = True
            elif self.inside and tag == "tr" and not self.in_head:
                self.rows.append([])
            elif self.inside and tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag == "table":
                self.inside = False
            elif tag == "thead":
                self.in_head = False
            elif self.inside and tag in ("td", "th") and self.cell is not None:
                text = "".join(self.cell).strip()
                (self.head if self.in_head else self.rows[-1]).append(text)
                self.cell = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    long_text = "FASTER PAYMENT FROM " + " ".join(f"REFERENCE{n:03d}" for n in range(25))
    context = dict(context)
    context["rows"] = [dict(context["rows"][0], description=long_text), *context["rows"][1:]]
    parser = Ledger()
    parser.feed(render_html(template_dir, context))
    assert parser.head == ["Date", "Description", "Category", "Amount", "Balance"]
    # one table row per transaction, five cells each: a long description stays in its row
    assert len(parser.rows) == len(context["rows"])
    assert all(len(cells) == 5 for cells in parser.rows)
    assert parser.rows[0][1] == long_text
    assert "<pre" not in render_html(template_dir, context)


def test_every_ledger_page_has_the_running_header_then_the_column_header(report) -> None:
    _, pdf = report
    texts = _pdf_text(pdf)
    first = next(n for n, t in enumerate(texts) if "All transactions\nEvery transaction" in t)
    ledger_pages = texts[first:]
    assert len(ledger_pages) >= 2  # the fixture's 90 rows take more than one page
    for number, text in enumerate(ledger_pages, start=first + 1):
        lines = text.splitlines()
        # running header first (title, holder, period; the chapter on the right)
        assert lines[0].startswith("Monthly account report · Acme Trading Ltd"), (number, lines[0])
        assert lines[0].endswith("All transactions"), (number, lines[0])
        column_header = next(i for i, line in enumerate(lines) if line.split() == HEADER)
        if number == first + 1:
            # the section title comes before the table's header on its first page
            assert lines.index("All transactions") < column_header
        else:
            assert column_header == 1, (number, lines[:3])
        assert f"Page {number} of {len(texts)}" in lines[-1]


HEADER = ["DATE", "DESCRIPTION", "CATEGORY", "AMOUNT", "BALANCE"]


def test_combined_report_over_several_currencies_warns(loader, template_dir: Path) -> None:
    import duckdb

    from neurareport_resources.analysis import build_analysis
    from neurareport_resources.analysis.synthetic import synthetic_month
    from neurareport_resources.rendering import build_report_context, ledger_contract_inputs

    conn = duckdb.connect()
    loader(
        conn,
        [
            synthetic_month(transactions=20, account_number="GB1", currency="GBP", seed=1),
            synthetic_month(transactions=20, account_number="DE1", currency="EUR", seed=2),
        ],
    )
    analysis = build_analysis(conn, "ledger", "statements")
    scalars, rows, totals = ledger_contract_inputs(conn, "ledger", analysis)
    context = build_report_context(scalars, rows, totals, analysis, {"tenant": "acme"})
    assert context["currency"] is None
    assert "EUR, GBP" in context["report"]["warnings"][0]
    assert "EUR, GBP" in render_html(template_dir, context)


def test_hang_filter_wraps_under_itself() -> None:
    from neurareport_resources.rendering.formatting import hanging

    text = hanging("ALPHA BETA GAMMA DELTA EPSILON", 4, 11)
    assert text.split("\n") == ["ALPHA BETA", "    GAMMA DELTA", "    EPSILON"]
    assert hanging(None, 4, 10) == ""


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium (Debian package) missing")
@pytest.mark.parametrize(("window", "laptop"), [(1366, True), (500, False)])
def test_the_html_reads_on_a_laptop_and_a_phone(
    template_dir: Path, context: dict, tmp_path: Path, window: int, laptop: bool
) -> None:
    """Headless Chromium lays the standalone HTML out; the page measures itself on load."""
    import json
    import re
    import subprocess

    from neurareport_resources.rendering import standalone_html

    probe = (
        "<script>window.addEventListener('load', function () {"
        "var body = document.body.getBoundingClientRect();"
        "document.body.setAttribute('data-measure', JSON.stringify({"
        "page: document.documentElement.scrollWidth, view: window.innerWidth,"
        "left: body.left, width: body.width,"
        "font: parseFloat(getComputedStyle(document.querySelector('.ledger-table td')).fontSize)"
        "}));});</script>"
    )
    page = tmp_path / "report.html"
    html = standalone_html(render_html(template_dir, context), template_dir)
    # the report's own policy forbids every script; the measuring probe is this test's
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    page.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
    done = subprocess.run(
        [
            "chromium",
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--window-size={window},900",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=True,
    )
    found = re.search(r'data-measure="([^"]*)"', done.stdout)
    assert found, done.stderr[-500:]
    measure = json.loads(found.group(1).replace("&quot;", '"'))
    # nothing sticks out sideways: wide tables scroll inside their own box
    assert measure["page"] <= measure["view"]
    assert measure["font"] >= 13  # readable body text, not the 7.5 pt of print
    if laptop:
        # a column of at most ~1100 px, centred, with room on both sides
        assert measure["width"] <= 1150 and measure["left"] >= 80
    else:
        assert measure["width"] <= measure["view"]


def test_a_huge_ledger_lists_its_first_rows_and_says_where_the_rest_is(
    template_dir: Path, context: dict
) -> None:
    context = dict(context)
    context["report"] = dict(context["report"], ledger_row_limit=10)
    html = render_html(template_dir, context)
    ledger = html.split('class="ledger-table"')[1].split("</table>")[0]
    assert ledger.count("<tr") == 1 + 10  # the header row and ten transactions
    rows = len(context["rows"])
    assert f"The first 10 of {rows} transactions are listed here" in html
    assert "every one" in html


def test_the_template_still_asks_its_contract_for_every_ledger_column(template_dir: Path) -> None:
    """The ledger loop must stay ``for row in rows``: a sliced loop hides the row tokens
    from the contract, which then maps no rows and the PDF's ledger comes out empty."""
    from neurareport_resources.templating import load_template

    tokens = {t.name: t.kind.value for t in load_template(template_dir).tokens}
    for column in ("txn_date", "description", "category", "amount", "balance"):
        assert tokens.get(f"row.{column}") == "row", column


def test_an_edited_template_renders_its_new_text_in_the_same_process(
    template_dir: Path, context: dict, tmp_path: Path
) -> None:
    """The compiled template is kept per process (one environment per folder); an edit to
    the file is compiled again, even one that keeps the file's modification time."""
    folder = _copy_template(template_dir, tmp_path)
    report = folder / "report.html"
    first = render_html(folder, context)
    assert "EDITED-ONCE" not in first
    before = report.stat()
    report.write_text(
        report.read_text(encoding="utf-8").replace("<body>", "<body><p>EDITED-ONCE</p>"),
        encoding="utf-8",
    )
    # a rewrite within the same clock tick: same mtime, another length
    os.utime(report, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert "EDITED-ONCE" in render_html(folder, context)
    assert render_html(folder, context).count("EDITED-ONCE") == 1
