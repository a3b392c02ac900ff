from pathlib import Path

import pytest

from neurareport_resources.storage import StatementStore, StoreError


def make_store(tmp_path: Path) -> StatementStore:
    return StatementStore(str(tmp_path / "inbox"), str(tmp_path / "quarantine"))


def test_put_is_atomic_and_lists_period_folders(tmp_path):
    store = make_store(tmp_path)
    source = tmp_path / "jan.pdf"
    source.write_bytes(b"%PDF-1.4 fake")
    stored = store.put("acme", source, period="2025-01")
    assert stored.endswith("acme/2025-01/jan.pdf")
    files = store.list_files("acme")
    assert [(f.relative_path, f.period_folder) for f in files] == [("2025-01/jan.pdf", "2025-01")]
    assert not list((tmp_path / "inbox").rglob("*.part"))


def test_files_still_being_written_are_not_listed(tmp_path):
    store = make_store(tmp_path)
    folder = tmp_path / "inbox" / "acme"
    folder.mkdir(parents=True)
    (folder / "done.pdf").write_bytes(b"%PDF")
    (folder / ".done2.pdf.part").write_bytes(b"%PDF")
    (folder / "upload.pdf.part").write_bytes(b"%PDF")
    assert [f.name for f in store.list_files("acme")] == ["done.pdf"]


def test_same_name_different_content_keeps_both(tmp_path):
    store = make_store(tmp_path)
    first, second = tmp_path / "a" / "s.pdf", tmp_path / "b" / "s.pdf"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_bytes(b"%PDF one")
    second.write_bytes(b"%PDF two")
    assert store.put("acme", first) != store.put("acme", second)
    assert store.put("acme", first).endswith("/s.pdf")  # identical content: no new copy
    assert sorted(f.name for f in store.list_files("acme")) == ["s-2.pdf", "s.pdf"]


def test_quarantine_moves_with_a_reason_and_never_overwrites(tmp_path):
    store = make_store(tmp_path)
    folder = tmp_path / "inbox" / "acme"
    folder.mkdir(parents=True)
    for content in (b"first", b"second"):
        bad = folder / "notes.pdf"
        bad.write_bytes(content)
        store.quarantine(
            "acme", str(bad), "notes.pdf: not a PDF; upload the statement as a PDF file"
        )
    quarantined = store.quarantined("acme")
    assert len(quarantined) == 2
    assert all("not a PDF" in reason for _, reason in quarantined)
    assert sorted(Path(p).read_bytes() for p, _ in quarantined) == [b"first", b"second"]
    assert store.list_files("acme") == []


def test_bad_period_and_names(tmp_path):
    store = make_store(tmp_path)
    source = tmp_path / "x.pdf"
    source.write_bytes(b"%PDF")
    with pytest.raises(StoreError, match="YYYY-MM"):
        store.put("acme", source, period="2025-13")
    stored = store.put("acme", source, name="../../etc/passwd")
    assert stored.startswith(str(tmp_path / "inbox" / "acme"))
