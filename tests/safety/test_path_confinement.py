"""Finding 2 and 3 (and the same rule everywhere): a name never becomes a file outside its root.

Each store resolves the real path (symbolic links followed) and refuses anything outside
its root: the template loader, the inbox and quarantine, the report store, the outbox and
the warehouse.
"""

from __future__ import annotations

import os
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

from neurareport_assets.defs.automation.sensors import InboxCursor, scan_inbox
from neurareport_resources.delivery import DeliveryError, DeliveryMessage, OutboxDestination
from neurareport_resources.paths import ConfinedRoot, PathEscapeError
from neurareport_resources.rendering import RenderError, render_html, render_pdf
from neurareport_resources.resources import ExtractionResource
from neurareport_resources.settings import BUILTIN_TEMPLATES
from neurareport_resources.storage import ReportStore, StatementStore
from neurareport_resources.warehouse import Warehouse
from tests.safety.helpers import RecordingLog

SECRET = "root:x:0:0:this-line-must-never-reach-a-report"


@pytest.fixture
def outside_file(tmp_path: Path) -> Path:
    path = tmp_path / "elsewhere" / "passwd"
    path.parent.mkdir()
    path.write_text(SECRET)
    return path


def test_confined_root_follows_links_and_refuses_the_way_out(tmp_path, outside_file):
    root = tmp_path / "root"
    (root / "a").mkdir(parents=True)
    (root / "a" / "inside.txt").write_text("ok")
    (root / "a" / "link-in").symlink_to(root / "a" / "inside.txt")
    (root / "a" / "link-out").symlink_to(outside_file)
    (root / "b").symlink_to(root / "a")  # a tenant folder that is a link to another tenant's
    confined = ConfinedRoot(root)
    assert confined.path("a", "link-in") == (root / "a" / "inside.txt").resolve()
    with pytest.raises(PathEscapeError, match="outside"):
        confined.path("a", "link-out")
    with pytest.raises(PathEscapeError):
        confined.path("..", "elsewhere", "passwd")
    # inside the root, but not inside the scope named "b": b is a link to a
    with pytest.raises(PathEscapeError):
        confined.scope("b").path("inside.txt")


# -- finding 2: template includes follow symlinks ------------------------------------------
def _template_with_include(tmp_path: Path, target: Path) -> Path:
    folder = tmp_path / "templates" / "leaky"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", folder)
    (folder / "leak.html").symlink_to(target)
    html = (folder / "report.html").read_text()
    (folder / "report.html").write_text(html.replace("</body>", '{% include "leak.html" %}</body>'))
    return folder


def test_template_include_of_a_link_pointing_out_is_refused(tmp_path, outside_file, context):
    folder = _template_with_include(tmp_path, outside_file)
    with pytest.raises(RenderError, match="outside the template folder") as raised:
        render_html(folder, context)
    assert SECRET not in str(raised.value)


def test_template_include_of_a_file_inside_the_folder_still_works(tmp_path, context):
    folder = tmp_path / "templates" / "shared"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", folder)
    (folder / "parts").mkdir()
    (folder / "parts" / "footer.html").write_text("<p>inside footer</p>")
    (folder / "footer-link.html").symlink_to(folder / "parts" / "footer.html")
    html = (folder / "report.html").read_text()
    (folder / "report.html").write_text(
        html.replace("</body>", '{% include "footer-link.html" %}</body>')
    )
    rendered = render_html(folder, context)
    assert "inside footer" in rendered
    assert b"%PDF" in render_pdf(rendered, template_dir=folder)[:8]


# -- finding 3: inbox symlinks cross tenants -----------------------------------------------
def test_an_inbox_link_to_another_tenants_statement_is_quarantined_not_read(
    neurareport_home, drop_statement
):
    theirs, _ = drop_statement("globex", date(2025, 3, 1), folder="2025-03")
    link = neurareport_home / "inbox" / "acme" / "2025-03" / "statement.pdf"
    link.parent.mkdir(parents=True)
    link.symlink_to(theirs)
    past = time.time() - 120
    os.utime(link, (past, past), follow_symlinks=False)  # settled: read on this tick
    store = StatementStore(str(neurareport_home / "inbox"), str(neurareport_home / "quarantine"))
    log = RecordingLog()
    scan = scan_inbox(store, ExtractionResource(), InboxCursor(), log=log)

    requested = sorted(str(r.partition_key) for r in scan.run_requests)
    assert requested == ["2025-03-01|globex"]  # globex's own file, read once, as globex's
    assert [path for path, _ in scan.quarantined] == [str(link)]
    reason = scan.quarantined[0][1]
    assert "outside" in reason and "acme" in reason
    # the link itself moved to acme's quarantine; globex's statement is untouched
    assert not link.is_symlink() and theirs.is_file()
    moved = neurareport_home / "quarantine" / "acme" / "statement.pdf"
    assert moved.is_symlink()
    assert "outside" in (moved.parent / "statement.pdf.reason.txt").read_text()
    other_tenant = pytest.raises(PathEscapeError)
    with other_tenant, store.local_file(str(link.parent / "other.pdf"), "globex"):
        pass


def test_a_tenant_inbox_folder_that_links_to_another_tenant_is_refused(
    neurareport_home, drop_statement
):
    drop_statement("globex", date(2025, 3, 1), folder="2025-03")
    (neurareport_home / "inbox" / "acme").symlink_to(neurareport_home / "inbox" / "globex")
    store = StatementStore(str(neurareport_home / "inbox"), str(neurareport_home / "quarantine"))
    files = store.list_files("acme")
    assert files and all(f.refusal and "outside" in f.refusal for f in files)
    with pytest.raises(PathEscapeError), store.local_file(files[0].path, "acme"):
        pass


def test_quarantine_never_writes_through_a_link(neurareport_home, tmp_path):
    inbox, quarantine = neurareport_home / "inbox", neurareport_home / "quarantine"
    (inbox / "acme").mkdir(parents=True)
    bad = inbox / "acme" / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    elsewhere = tmp_path / "elsewhere-q"
    elsewhere.mkdir()
    quarantine.mkdir()
    (quarantine / "acme").symlink_to(elsewhere)
    store = StatementStore(str(inbox), str(quarantine))
    with pytest.raises(PathEscapeError):
        store.quarantine("acme", str(bad), "not a PDF")
    assert bad.is_file() and list(elsewhere.iterdir()) == []


# -- the report store, the outbox and the warehouse -----------------------------------------
def test_report_store_refuses_a_report_folder_that_links_out(tmp_path):
    root = tmp_path / "reports"
    (root / "globex" / "2025-03").mkdir(parents=True)
    (root / "acme").mkdir()
    (root / "acme" / "2025-03").symlink_to(root / "globex" / "2025-03")
    store = ReportStore(str(root))
    with pytest.raises(PathEscapeError), store.writing("acme", "2025-03", "monthly", "combined"):
        pass
    assert list((root / "globex" / "2025-03").iterdir()) == []
    (root / "globex" / "2025-03" / "monthly" / "combined").mkdir(parents=True)
    theirs = root / "globex" / "2025-03" / "monthly" / "combined" / "r.pdf"
    theirs.write_bytes(b"%PDF globex")
    assert store.list_reports("acme", "2025-03") == []
    with (
        pytest.raises(PathEscapeError),
        store.local_copy(str(root / "acme" / "2025-03" / "monthly" / "combined" / "r.pdf")),
    ):
        pass


def test_outbox_refuses_a_tenant_folder_that_links_out(tmp_path):
    outbox, elsewhere = tmp_path / "outbox", tmp_path / "elsewhere"
    outbox.mkdir()
    elsewhere.mkdir()
    (outbox / "acme").symlink_to(elsewhere)
    report = tmp_path / "r.pdf"
    report.write_bytes(b"%PDF")
    destination = OutboxDestination(folder=outbox / "acme", root=outbox)
    with pytest.raises(DeliveryError, match="outside") as raised:
        destination.send([report], DeliveryMessage(subject="x"))
    assert raised.value.transient is False
    assert list(elsewhere.iterdir()) == []


def test_warehouse_refuses_a_tenant_folder_that_links_to_another_tenant(tmp_path):
    from neurareport_resources.warehouse import TABLE_SCHEMAS

    root = tmp_path / "warehouse"
    wh = Warehouse(str(root))
    schema = TABLE_SCHEMAS["statement_files"]
    wh.write_partition("statement_files", "globex", date(2025, 3, 1), schema.empty_table())
    (root / "statement_files" / "tenant=acme").symlink_to(
        root / "statement_files" / "tenant=globex"
    )
    with pytest.raises(PathEscapeError):
        wh.read_partition("statement_files", "acme", date(2025, 3, 1))
    with pytest.raises(PathEscapeError):
        wh.connect_tenant("acme")


def test_a_template_folder_linking_out_of_the_library_is_not_a_template(tmp_path):
    from neurareport_resources.resources import TemplateLibraryResource

    library, outside = tmp_path / "library", tmp_path / "outside"
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", library / "monthly_account")
    shutil.copytree(BUILTIN_TEMPLATES / "monthly_account", outside / "stolen")
    (library / "stolen").symlink_to(outside / "stolen")
    assert list(TemplateLibraryResource(root=str(library)).template_dirs()) == ["monthly_account"]
