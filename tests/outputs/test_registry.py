"""The renderer registry: one place lists the formats; a template chooses its own."""

from __future__ import annotations

import json
import shutil

import pytest

from neurareport_assets.cli import main
from neurareport_assets.defs.delivery.assets import DELIVERED_FORMATS
from neurareport_resources.rendering import (
    DEFAULT_FORMATS,
    RENDERERS,
    FormatError,
    RenderError,
    kinds_for,
    template_formats,
    write_report_bundle,
)


def test_every_format_declares_name_suffix_media_type_and_a_renderer() -> None:
    assert {"pdf", "html", "xlsx", "csv", "docx", "xero_csv", "qbo_csv", "qbo4_csv", "ofx"} <= set(
        RENDERERS
    )
    suffixes = [r.file_suffix for r in RENDERERS.values()]
    assert len(set(suffixes)) == len(suffixes), "two formats would write the same file name"
    for name, r in RENDERERS.items():
        assert r.name == name and r.media_type.count("/") == 1 and callable(r.render)
    # delivery reads the registry: the HTML web copy is not sent, the rest is
    assert "html" not in DELIVERED_FORMATS and {"pdf", "xlsx", "csv", "docx"} <= DELIVERED_FORMATS
    assert kinds_for(DEFAULT_FORMATS) == {"pdf", "html", "excel", "csv"}


def test_a_template_chooses_its_formats(inputs, template_dir, tmp_path) -> None:
    assert template_formats(template_dir) == DEFAULT_FORMATS == ("pdf", "html", "xlsx", "csv")
    own = tmp_path / "own"
    shutil.copytree(template_dir, own)
    (own / "template.yaml").write_text("formats: [docx, ofx, csv]\n", encoding="utf-8")
    assert template_formats(own) == ("docx", "ofx", "csv")
    bundle = write_report_bundle(
        tmp_path / "out",
        basename="r",
        formats=template_formats(own),
        isolate=False,
        **{**inputs, "template_dir": own},
    )
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.csv", "r.docx", "r.ofx"]
    assert [f.kind for f in bundle.files] == ["docx", "ofx", "csv"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("formats: [pdf, pptx]\n", "unknown report formats ['pptx']"),
        ("formats: pdf\n", "must be a list"),
        ("formats: [pdf, pdf]\n", "listed twice"),
        ("formats: []\n", "empty"),
        ("formats: [pdf\n", "not valid YAML"),
    ],
)
def test_a_bad_format_list_names_the_file(tmp_path, text, message) -> None:
    (tmp_path / "template.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(FormatError) as error:
        template_formats(tmp_path)
    assert message in str(error.value) and str(tmp_path / "template.yaml") in str(error.value)


def test_the_bundle_refuses_an_unknown_format(inputs, tmp_path) -> None:
    with pytest.raises(RenderError, match="unknown report formats"):
        write_report_bundle(
            tmp_path / "o", basename="r", formats=("pdf", "rtf"), isolate=False, **inputs
        )


def test_cli_lists_the_registry(capsys) -> None:
    assert main(["formats", "--template", "monthly_account"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert [f["name"] for f in payload["formats"]] == list(RENDERERS)
    assert payload["template"]["formats"] == list(DEFAULT_FORMATS)
    docx = next(f for f in payload["formats"] if f["name"] == "docx")
    assert docx["suffix"] == ".docx" and docx["delivered"] is True
