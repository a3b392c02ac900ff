"""Import an analyst's HTML (``{token}``/``{{token}}`` placeholders, or a ZIP) as a template folder.

Rules:
- ``{token}`` and ``{{token}}`` (outside ``<style>``/``<script>``) become ``{{ token }}``;
- a table row without ``<th>`` whose cells hold only placeholders is the row loop: it is
  wrapped in ``{% for row in rows %}`` and its tokens become ``row.<token>``;
- a ZIP holds one HTML file (``template.html``/``index.html`` or the only ``*.html``) and
  its assets; members with absolute paths, ``..``, links, or too many/too large files are
  refused, and so are members that inflate past their declared size or fail their
  checksum, and names that clash (one file twice, a file named like a folder). The main
  file is written as ``report.html`` (the platform's convention); the folder appears
  atomically.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath

from neurareport_resources.atomic import atomic_directory
from neurareport_resources.templating.spec import (
    MAX_TEMPLATE_BYTES,
    TemplateError,
    discover_tokens,
    load_template,
)

TEMPLATE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
MAX_ZIP_MEMBERS = 500
MAX_ZIP_BYTES = 50 * 1024 * 1024
_TOKEN = r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?"
# {{ token }} or {token}, but not the inside of {% … %} and not {{{ … }}}
_PLACEHOLDER = re.compile(
    r"(?<!\{)\{\{\s*(" + _TOKEN + r")\s*\}\}(?!\})|(?<!\{)\{\s*(" + _TOKEN + r")\s*\}(?!\})"
)
_RAW_BLOCK = re.compile(r"(<(style|script)\b.*?</\2\s*>)", re.S | re.I)
_ROW = re.compile(r"<tr\b[^>]*>.*?</tr\s*>", re.S | re.I)
_CELL_TEXT = re.compile(r"<[^>]+>|\{\{\s*" + _TOKEN + r"\s*\}\}|&nbsp;|\s+", re.S)


def _convert_placeholders(html: str) -> str:
    parts = _RAW_BLOCK.split(html)
    out: list[str] = []
    skip_next = False
    for i, part in enumerate(parts):
        if skip_next:
            skip_next = False
            continue
        if i % 3 == 1:  # a <style>/<script> block: kept verbatim
            out.append(part)
            skip_next = True  # the tag-name group that re.split also returns
            continue
        out.append(_PLACEHOLDER.sub(lambda m: "{{ " + (m.group(1) or m.group(2)) + " }}", part))
    return "".join(out)


def _wrap_row_loops(html: str) -> str:
    if re.search(r"\{%-?\s*for\b", html):
        return html  # the author already wrote loops

    def repl(match: re.Match[str]) -> str:
        row = match.group(0)
        tokens = re.findall(r"\{\{\s*(" + _TOKEN + r")\s*\}\}", row)
        if len(tokens) < 2 or re.search(r"<th\b", row, re.I) or _CELL_TEXT.sub("", row).strip():
            return row
        body = re.sub(
            r"\{\{\s*(" + _TOKEN + r")\s*\}\}",
            lambda m: (
                "{{ "
                + (m.group(1) if m.group(1).startswith("row.") else f"row.{m.group(1)}")
                + " }}"
            ),
            row,
        )
        return "{% for row in rows %}" + body + "{% endfor %}"

    return _ROW.sub(repl, html)


def convert_html(html: str) -> str:
    """Placeholders to Jinja2 and the all-placeholder table row to the row loop."""
    return _wrap_row_loops(_convert_placeholders(html))


def _safe_members(archive: zipfile.ZipFile, source: Path) -> list[zipfile.ZipInfo]:
    members = [m for m in archive.infolist() if not m.is_dir()]
    if len(members) > MAX_ZIP_MEMBERS:
        raise TemplateError(
            f"{source}: more than {MAX_ZIP_MEMBERS} files; keep the HTML and its assets only"
        )
    if sum(m.file_size for m in members) > MAX_ZIP_BYTES:
        raise TemplateError(f"{source}: unpacks to more than {MAX_ZIP_BYTES // 2**20} MiB")
    for member in members:
        path = PurePosixPath(member.filename)
        mode = member.external_attr >> 16
        if (
            path.is_absolute()
            or ".." in path.parts
            or "\\" in member.filename
            or stat.S_ISLNK(mode)
        ):
            raise TemplateError(
                f"{source}: member {member.filename!r} points outside the template folder; refused"
            )
    _refuse_name_clashes(members, source)
    # a single top-level folder (zip of a folder) is stripped
    tops = {PurePosixPath(m.filename).parts[0] for m in members}
    if len(tops) == 1 and all(len(PurePosixPath(m.filename).parts) > 1 for m in members):
        for member in members:
            member.filename = str(PurePosixPath(*PurePosixPath(member.filename).parts[1:]))
    return [
        m
        for m in members
        if not PurePosixPath(m.filename).name.startswith(("__MACOSX", "."))
        and "__MACOSX" not in PurePosixPath(m.filename).parts
    ]


def _refuse_name_clashes(members: list[zipfile.ZipInfo], source: Path) -> None:
    """Two members with one name, or a file named like a folder of another member, would
    overwrite each other or fail half-way through unpacking: refuse the archive first."""
    seen: set[str] = set()
    for member in members:
        name = str(PurePosixPath(member.filename))
        if name.casefold() in seen:
            raise TemplateError(f"{source}: two members are named {name!r}; rename one")
        seen.add(name.casefold())
    folders = {
        str(parent).casefold()
        for member in members
        for parent in PurePosixPath(member.filename).parents
        if str(parent) != "."
    }
    for member in members:
        if str(PurePosixPath(member.filename)).casefold() in folders:
            raise TemplateError(
                f"{source}: {member.filename!r} is both a file and a folder in the ZIP; "
                "rename one of them"
            )


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: Path, out) -> None:
    """Copy one member, trusting neither its declared size nor its CRC: a member that
    inflates past what its header says, or does not match its checksum, is refused."""
    written = 0
    try:
        with archive.open(member) as src:
            for block in iter(lambda: src.read(1 << 16), b""):
                written += len(block)
                if written > member.file_size or written > MAX_ZIP_BYTES:
                    raise TemplateError(
                        f"{source}: member {member.filename!r} holds more than the "
                        f"{member.file_size} bytes its header declares; the ZIP is damaged "
                        "or forged, refused"
                    )
                out.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise TemplateError(
            f"{source}: member {member.filename!r} cannot be unpacked ({exc}); "
            "the ZIP is damaged: zip the template folder again"
        ) from None


def _main_member(members: list[zipfile.ZipInfo], source: Path) -> zipfile.ZipInfo:
    html = [m for m in members if m.filename.lower().endswith((".html", ".htm"))]
    for preferred in ("report.html", "template.html", "index.html"):
        for m in html:
            if m.filename.lower() == preferred:
                return m
    top = [m for m in html if "/" not in m.filename]
    if len(top) == 1:
        return top[0]
    if not html:
        raise TemplateError(f"{source}: no HTML file in the ZIP")
    raise TemplateError(f"{source}: several HTML files; name the main one report.html")


def _open_zip(source: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TemplateError(f"{source}: not a readable ZIP ({exc}); zip the folder again") from None


def import_template(source: Path, dest_root: Path, name: str) -> Path:
    """Create ``dest_root/name`` (replacing it atomically) from an HTML file or a ZIP.

    Returns the template folder; :func:`load_template` on it discovers and classifies the
    tokens. Raises :class:`TemplateError` naming the file for every refusal.
    """
    source = Path(source)
    if not TEMPLATE_NAME.fullmatch(name):
        raise TemplateError(f"template name {name!r}: use lower-case letters, digits, '-' or '_'")
    if not source.is_file():
        raise TemplateError(f"{source}: no such file; give an .html file or a .zip")
    dest = Path(dest_root) / name
    with atomic_directory(dest) as staging:
        if zipfile.is_zipfile(source):
            with _open_zip(source) as archive:
                members = _safe_members(archive, source)
                main = _main_member(members, source)
                for member in members:
                    if member is main:
                        continue
                    target = staging / member.filename
                    target.parent.mkdir(parents=True, exist_ok=True)
                    with open(target, "wb") as out:
                        _read_member(archive, member, source, out)
                main_bytes = io.BytesIO()
                _read_member(archive, main, source, main_bytes)
                raw = main_bytes.getvalue()
                origin = f"{source}!{main.filename}"
        else:
            if source.stat().st_size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{source}: larger than {MAX_TEMPLATE_BYTES} bytes")
            raw = source.read_bytes()
            origin = str(source)
        try:
            html = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise TemplateError(f"{origin}: not UTF-8 text; save it as UTF-8") from exc
        converted = convert_html(html)
        if not discover_tokens(converted, origin):
            raise TemplateError(f"{origin}: no {{token}} or {{{{token}}}} placeholders found")
        (staging / "report.html").write_text(converted, encoding="utf-8")
        load_template(staging)  # the same checks as every template, before it appears
    return dest
