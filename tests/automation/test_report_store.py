"""Rendered reports in a local folder or an S3-compatible bucket (moto's server mode), same API."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from neurareport_resources.resources import ReportStoreResource
from neurareport_resources.settings import BUILTIN_TEMPLATES, REQUIRED_PRODUCTION_VARIABLES
from neurareport_resources.storage import ReportStore, ReportStoreError, sha256_file
from neurareport_resources.tenancy import TenantKeyError

from .conftest import BUCKET

TENANT, PERIOD, TEMPLATE, FOLDER = "acme", "2025-03", "monthly_account", "acc-1234"


# the bucket variants need moto's S3 server: the end-to-end tier (make test-e2e)
@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.e2e)])
def store(request, tmp_path) -> ReportStore:
    """The same store API over a local folder and over a bucket prefix."""
    if request.param == "local":
        return ReportStore(str(tmp_path / "reports"))
    prefix = request.getfixturevalue("prefix")
    options = request.getfixturevalue("storage_options")
    return ReportStore(f"{prefix}/reports", storage_options=options)


def _files(folder: Path, contents: dict[str, bytes]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in contents.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths


def _stored(store: ReportStore) -> dict[str, bytes]:
    """name -> bytes of every file listed in the report folder, read back through the store."""
    found = {}
    for report in store.list_reports(TENANT, PERIOD):
        assert (report.template, report.folder) == (TEMPLATE, FOLDER)
        with store.local_copy(report.uri) as local:
            found[report.name] = local.read_bytes()
    return found


def test_publish_places_the_set_and_describes_each_file(store, tmp_path):
    sources = _files(tmp_path / "render", {"report.pdf": b"%PDF-1.7 one", "report.csv": b"a,b\n"})
    published = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, sources)

    assert [f.name for f in published] == ["report.csv", "report.pdf"]  # by name
    for file, source in zip(published, sorted(sources), strict=True):
        assert file.sha256 == sha256_file(source)
        assert file.size_bytes == source.stat().st_size
        expected_tail = f"/{TENANT}/{PERIOD}/{TEMPLATE}/{FOLDER}/{source.name}"
        assert file.uri.endswith(expected_tail)
        if store.is_local:
            assert (
                Path(file.uri).is_absolute() and Path(file.uri).read_bytes() == source.read_bytes()
            )
        else:
            assert file.uri.startswith(f"s3://{BUCKET}/")
            assert store.fs.cat_file(file.uri) == source.read_bytes()
    listed = store.list_reports(TENANT, PERIOD)
    assert sorted(r.uri for r in listed) == sorted(f.uri for f in published)
    assert {r.name: r.size_bytes for r in listed} == {"report.pdf": 12, "report.csv": 4}
    assert store.list_reports(TENANT, "2025-04") == []
    assert store.list_reports("globex", PERIOD) == []


def test_a_new_set_replaces_the_old_one_and_stale_files_go(store, tmp_path):
    first = _files(tmp_path / "one", {"report.pdf": b"old pdf", "report.csv": b"old csv"})
    store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, first)
    second = _files(tmp_path / "two", {"report.pdf": b"new pdf", "report.xlsx": b"new xlsx"})
    store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, second)

    assert _stored(store) == {"report.pdf": b"new pdf", "report.xlsx": b"new xlsx"}


def test_republishing_identical_bytes_leaves_the_same_set(store, tmp_path):
    sources = _files(tmp_path / "render", {"report.pdf": b"same", "report.html": b"<p>same</p>"})
    first = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, sources)
    again = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, sources)

    assert again == first
    assert _stored(store) == {"report.pdf": b"same", "report.html": b"<p>same</p>"}


def test_writing_publishes_what_was_rendered_into_its_folder(store):
    with store.writing(TENANT, PERIOD, TEMPLATE, FOLDER) as report:
        assert report.folder.is_dir() and list(report.folder.iterdir()) == []
        (report.folder / "report.pdf").write_bytes(b"%PDF rendered")
        (report.folder / "report.csv").write_bytes(b"x\n")
        assert report.published == []  # nothing is published before the block ends

    assert sorted(f.name for f in report.published) == ["report.csv", "report.pdf"]
    assert _stored(store) == {"report.pdf": b"%PDF rendered", "report.csv": b"x\n"}
    if not store.is_local:
        assert not report.folder.exists()  # the temporary render folder is gone


def test_a_failed_render_inside_writing_keeps_the_previous_set(store, tmp_path):
    previous = _files(tmp_path / "good", {"report.pdf": b"good pdf", "report.csv": b"good csv"})
    store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, previous)

    with (
        pytest.raises(RuntimeError, match="renderer crashed"),
        store.writing(TENANT, PERIOD, TEMPLATE, FOLDER) as report,
    ):
        (report.folder / "report.pdf").write_bytes(b"half a pdf")
        raise RuntimeError("renderer crashed")
    assert report.published == []
    assert _stored(store) == {"report.pdf": b"good pdf", "report.csv": b"good csv"}

    # rendering nothing at all is refused the same way, before anything is touched
    with (
        pytest.raises(ReportStoreError, match="no files to publish; the previous report is kept"),
        store.writing(TENANT, PERIOD, TEMPLATE, FOLDER),
    ):
        pass
    assert _stored(store) == {"report.pdf": b"good pdf", "report.csv": b"good csv"}
    if store.is_local:  # no half-swapped staging folder left beside the report
        template_dir = Path(store.folder_path(TENANT, PERIOD, TEMPLATE, FOLDER)).parent
        assert [p.name for p in template_dir.iterdir()] == [FOLDER]


def test_local_copy_of_a_remote_file_is_a_temporary_download(store, tmp_path):
    data = os.urandom(300_000)
    (source,) = _files(tmp_path / "render", {"report.xlsx": data})
    (published,) = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, [source])

    with store.local_copy(published.uri) as local:
        assert sha256_file(local) == published.sha256
    if store.is_local:
        assert str(local) == published.uri and local.exists()  # the file itself, no copy
    else:
        assert not local.exists()  # the download is deleted afterwards

    missing = published.uri.replace("report.xlsx", "missing.xlsx")
    with pytest.raises(ReportStoreError, match="no such report file"), store.local_copy(missing):
        pass
    outside = "/etc/passwd" if store.is_local else f"s3://{BUCKET}/elsewhere/report.pdf"
    with (
        pytest.raises(ReportStoreError, match="not a report file under"),
        store.local_copy(outside),
    ):
        pass


@pytest.mark.parametrize(
    ("tenant", "period", "template", "folder", "error", "message"),
    [
        ("../acme", PERIOD, TEMPLATE, FOLDER, TenantKeyError, "invalid tenant key '../acme'"),
        ("ACME", PERIOD, TEMPLATE, FOLDER, TenantKeyError, "invalid tenant key 'ACME'"),
        (TENANT, "2025-13", TEMPLATE, FOLDER, ReportStoreError, "report period '2025-13'"),
        (TENANT, "2025/03", TEMPLATE, FOLDER, ReportStoreError, "use YYYY-MM"),
        (TENANT, PERIOD, "..", FOLDER, ReportStoreError, "report template '..'"),
        (TENANT, PERIOD, "a/b", FOLDER, ReportStoreError, "no '/' or '..'"),
        (TENANT, PERIOD, "", FOLDER, ReportStoreError, "report template ''"),
        (TENANT, PERIOD, TEMPLATE, "../../globex", ReportStoreError, "report folder"),
        (TENANT, PERIOD, TEMPLATE, ".hidden", ReportStoreError, "report folder '.hidden'"),
    ],
)
def test_bad_tenant_period_template_or_folder_is_refused(
    store, tmp_path, tenant, period, template, folder, error, message
):
    sources = _files(tmp_path / "render", {"report.pdf": b"x"})
    with pytest.raises(error, match=re.escape(message)):
        store.publish(tenant, period, template, folder, sources)
    with pytest.raises(error, match="use"), store.writing(tenant, period, template, folder):
        pytest.fail("the block must not run for a refused location")
    assert store.list_reports(TENANT, PERIOD) == []


def test_bad_file_names_and_folders_in_a_set_are_refused(store, tmp_path):
    render = tmp_path / "render"
    with pytest.raises(ReportStoreError, match=re.escape("report file 'a b.pdf'")):
        store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, _files(render, {"a b.pdf": b"x"}))
    with (
        pytest.raises(ReportStoreError, match="is not a file; a report folder holds files only"),
        store.writing(TENANT, PERIOD, TEMPLATE, FOLDER) as report,
    ):
        (report.folder / "charts").mkdir()
    assert store.list_reports(TENANT, PERIOD) == []


def test_resource_builds_the_store_from_json_options(prefix, storage_options, tmp_path):
    resource = ReportStoreResource(
        root=f"{prefix}/reports", storage_options=json.dumps(storage_options)
    )
    store = resource.get_store()
    (source,) = _files(tmp_path / "render", {"report.pdf": b"from the resource"})
    (published,) = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, [source])
    assert not store.is_local and published.uri.startswith(f"{prefix}/reports/")
    with pytest.raises(ValueError, match="storage_options must be a JSON object"):
        ReportStoreResource(root=f"{prefix}/reports", storage_options="{key: x").get_store()


def test_export_reports_lists_the_bucket_by_configuration_alone(prefix, storage_options, tmp_path):
    store = ReportStore(f"{prefix}/reports", storage_options=storage_options)
    sources = _files(tmp_path / "render", {"report.pdf": b"pdf", "report.csv": b"csv"})
    published = store.publish(TENANT, PERIOD, TEMPLATE, FOLDER, sources)

    env = {k: v for k, v in os.environ.items() if not k.startswith("NEURAREPORT_")}
    env |= {name: str(tmp_path / name.lower()) for name in REQUIRED_PRODUCTION_VARIABLES}
    env |= {
        "NEURAREPORT_ENV": "production",
        "NEURAREPORT_TEMPLATES_DIR": str(BUILTIN_TEMPLATES),
        "NEURAREPORT_REPORTS_DIR": f"{prefix}/reports",
        "NEURAREPORT_STORAGE_OPTIONS": json.dumps(storage_options),
    }

    def export(period: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "neurareport_assets.cli",
                "export",
                "--reports",
                "--tenant",
                TENANT,
                "--period",
                period,
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )

    done = export(PERIOD)
    assert done.returncode == 0, done.stderr
    payload = json.loads(done.stdout)
    assert payload["reports"] == sorted(f.uri for f in published)
    missing = export("2025-04")
    assert missing.returncode == 1
    assert "no reports for acme 2025-04; materialize rendered_reports first" in missing.stderr
