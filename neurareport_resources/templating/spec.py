"""Template folders: find the main Jinja2 HTML file, discover and classify its tokens."""

from __future__ import annotations

import enum
import functools
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from jinja2 import TemplateSyntaxError, nodes

from neurareport_resources.templating.names import looks_like_total
from neurareport_resources.templating.sandbox import make_environment

# names the platform provides: never tokens, never mapped
RESERVED_NAMES = frozenset(
    {
        "analysis",
        "report",
        "rows",
        "loop",
        "range",
        "dict",
        "lipsum",
        "cycler",
        "joiner",
        "namespace",
        "self",
        "caller",
        "varargs",
        "kwargs",
        "super",
        "true",
        "false",
        "none",
    }
)
# the iterable a row loop runs over
ROW_COLLECTION = "rows"
MAIN_FILE_NAMES = (
    "report.html",
    "template.html",
    "index.html",
    "template.html.j2",
    "report.html.j2",
)
MAX_TEMPLATE_BYTES = 2 * 1024 * 1024


class TemplateError(ValueError):
    """A template that cannot be used; the message names the file and what to do."""


class TokenKind(enum.StrEnum):
    """Scalars fill one value, row tokens one column of the row loop, totals aggregate the rows."""

    SCALAR = "scalar"
    ROW = "row"
    TOTAL = "total"


@dataclass(frozen=True)
class Token:
    """One placeholder: ``name`` as written (``row.txn_date``), ``field`` the last part."""

    name: str
    kind: TokenKind
    field: str
    label: str = ""
    filters: tuple[str, ...] = ()
    # where it sits: the header of its table column ("Money out"), and whether it is in a
    # table footer (<tfoot>), where totals live
    header: str = ""
    footer: bool = False


@dataclass(frozen=True)
class TemplateSpec:
    """A template folder with its main HTML file and the tokens found in it."""

    name: str
    directory: Path
    main_file: Path
    tokens: tuple[Token, ...]
    content_hash: str
    overrides_path: Path = field(default=Path())

    def token(self, name: str) -> Token:
        """The token called ``name`` (``KeyError`` if absent)."""
        for token in self.tokens:
            if token.name == name:
                return token
        raise KeyError(name)

    @property
    def token_names(self) -> list[str]:
        """Token names in order of first appearance."""
        return [t.name for t in self.tokens]


def find_main_file(template_dir: Path) -> Path:
    """The template's main HTML file: a conventional name, else the only ``*.html`` file."""
    template_dir = Path(template_dir)
    if not template_dir.is_dir():
        raise TemplateError(f"{template_dir}: not a template folder; pass templates/<name>/")
    for candidate in MAIN_FILE_NAMES:
        if (template_dir / candidate).is_file():
            return template_dir / candidate
    html = sorted(
        p for p in template_dir.iterdir() if p.is_file() and p.name.endswith((".html", ".html.j2"))
    )
    if len(html) == 1:
        return html[0]
    if not html:
        raise TemplateError(f"{template_dir}: no HTML file; add report.html")
    raise TemplateError(
        f"{template_dir}: several HTML files ({', '.join(p.name for p in html)}); "
        "name the main one report.html"
    )


@dataclass
class _Found:
    order: list[str] = field(default_factory=list)
    kinds: dict[str, TokenKind] = field(default_factory=dict)
    filters: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, kind: TokenKind, filters: list[str]) -> None:
        if name not in self.kinds:
            self.order.append(name)
            self.kinds[name] = kind
            self.filters[name] = []
        for f in filters:
            if f not in self.filters[name]:
                self.filters[name].append(f)


def _target_names(target: nodes.Node) -> frozenset[str]:
    """Names bound by a for/set target (``row``, ``a, b``)."""
    if isinstance(target, nodes.Name):
        return frozenset({target.name})
    return frozenset(n.name for n in target.find_all(nodes.Name))


def _dotted(node: nodes.Node) -> str | None:
    """``a.b.c`` for Name/Getattr/Getitem-with-constant chains, else None."""
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _dotted(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _dotted(node.node)
        return f"{base}.{node.arg.value}" if base and isinstance(node.arg.value, str) else None
    return None


class _Collector:
    """Walk the Jinja AST tracking local names and row-loop variables."""

    def __init__(self) -> None:
        self.found = _Found()

    def visit(
        self,
        node: nodes.Node,
        local: frozenset[str],
        row_vars: frozenset[str],
        filters: list[str] | None = None,
    ) -> None:
        filters = filters or []
        if isinstance(node, nodes.For):
            self.visit(node.iter, local, row_vars)
            targets = _target_names(node.target)
            is_rows = isinstance(node.iter, nodes.Name) and node.iter.name == ROW_COLLECTION
            inner_local = local | targets
            inner_rows = row_vars | targets if is_rows else row_vars - targets
            for child in [*node.body, *([node.test] if node.test else [])]:
                self.visit(child, inner_local, inner_rows)
            for child in node.else_:
                self.visit(child, local, row_vars)
            return
        if isinstance(node, (nodes.Macro, nodes.CallBlock)):
            args = frozenset(a.name for a in node.args)
            for child in node.body:
                self.visit(child, local | args | {"caller"}, row_vars)
            return
        if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            if isinstance(node, nodes.Assign):
                self.visit(node.node, local, row_vars)
            else:
                for child in node.body:
                    self.visit(child, local, row_vars)
            # a {% set %} makes the name template-local from here on; approximated as global
            self._assigned |= _target_names(node.target)
            return
        if isinstance(node, nodes.Filter) and node.node is not None:
            self.visit(node.node, local, row_vars, [*filters, node.name])
            for arg in node.args:
                self.visit(arg, local, row_vars)
            return
        if isinstance(node, (nodes.Name, nodes.Getattr, nodes.Getitem)):
            dotted = _dotted(node)
            if dotted is not None:
                self._record(dotted, local, row_vars, filters)
                return
        for child in node.iter_child_nodes():
            self.visit(child, local, row_vars)

    _assigned: frozenset[str] = frozenset()

    def _record(
        self, dotted: str, local: frozenset[str], row_vars: frozenset[str], filters: list[str]
    ) -> None:
        head, _, rest = dotted.partition(".")
        if head in RESERVED_NAMES or head in self._assigned:
            return
        if head in row_vars:
            if rest:
                # row.txn_date -> one column of the row loop, whatever the loop variable is called
                self.found.add(f"row.{rest}", TokenKind.ROW, filters)
            return
        if head in local:
            return
        kind = TokenKind.TOTAL if not rest and looks_like_total(head) else TokenKind.SCALAR
        self.found.add(dotted, kind, filters)


def discover_tokens(source: str, origin: str) -> list[tuple[str, TokenKind, tuple[str, ...]]]:
    """Tokens of a Jinja2 source as (name, kind, filters), in order of first appearance."""
    env = make_environment(Path("."))
    try:
        tree = env.parse(source)
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"{origin}: malformed Jinja at line {exc.lineno}: {exc.message}; fix the tag and retry"
        ) from exc
    collector = _Collector()
    collector._assigned = frozenset().union(
        *(
            _target_names(a.target)  # type: ignore[attr-defined]
            for a in tree.find_all((nodes.Assign, nodes.AssignBlock))
        )
    ) | frozenset(m.name for m in tree.find_all(nodes.Macro))
    collector.visit(tree, frozenset(), frozenset())
    found = collector.found
    return [(n, found.kinds[n], tuple(found.filters[n])) for n in found.order]


def load_template(template_dir: Path) -> TemplateSpec:
    """Load a template folder: main HTML file, tokens (kind, label, filters), content hash.

    Raises :class:`TemplateError` for a missing/ambiguous main file, malformed Jinja or a
    template without tokens.
    """
    template_dir = Path(template_dir).resolve()
    main = find_main_file(template_dir)
    if main.stat().st_size > MAX_TEMPLATE_BYTES:
        raise TemplateError(f"{main}: larger than {MAX_TEMPLATE_BYTES} bytes; split the template")
    try:
        source = main.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateError(f"{main}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    return _spec_of(template_dir, main, source)


# a template parsed once per process and source text: every partition of a run maps the same
# few templates, and parsing one (Jinja twice over, the layout) cost ~0.17 CPU-s a time.
# Keyed by the text read above, so an edited template is parsed again at once.
@functools.lru_cache(maxsize=64)
def _spec_of(template_dir: Path, main: Path, source: str) -> TemplateSpec:
    found = discover_tokens(source, str(main))
    if not found:
        raise TemplateError(
            f"{main}: no tokens found; add placeholders such as {{{{ account_holder }}}} "
            "or a {% for row in rows %} loop"
        )
    parser = _parse_layout(source)
    labels = parser.labels
    tokens = tuple(
        Token(
            name=name,
            kind=kind,
            field=name.split(".")[-1],
            label=labels.get(name, ""),
            filters=filters,
            header=parser.headers.get(name, ""),
            footer=name in parser.footer,
        )
        for name, kind, filters in found
    )
    digest = hashlib.sha256()
    digest.update(source.encode("utf-8"))
    return TemplateSpec(
        name=template_dir.name,
        directory=template_dir,
        main_file=main,
        tokens=tokens,
        content_hash=digest.hexdigest(),
        overrides_path=template_dir / "overrides.yaml",
    )


_TAG_RE = re.compile(r"\{\{(.*?)\}\}|\{%-?\s*(.*?)\s*-?%\}|\{#.*?#\}", re.S)
_FOR_RE = re.compile(r"^for\s+(.+?)\s+in\s+(.+?)(?:\s+if\s+.*|\s+recursive)?$", re.S)
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def _expression_tokens(expr: str, row_vars: frozenset[str], local: frozenset[str]) -> list[str]:
    env = make_environment(Path("."))
    try:
        tree = env.parse("{{" + expr.strip("-") + "}}")
    except TemplateSyntaxError:
        return []
    collector = _Collector()
    collector.visit(tree, local, row_vars)
    return collector.found.order


def _mark_tokens(source: str) -> tuple[str, list[list[str]]]:
    """Replace each ``{{ … }}`` by a marker and drop other tags; return text and marker tokens."""
    out: list[str] = []
    marks: list[list[str]] = []
    loops: list[tuple[frozenset[str], bool]] = []
    pos = 0
    for match in _TAG_RE.finditer(source):
        out.append(source[pos : match.start()])
        pos = match.end()
        row_vars = (
            frozenset().union(*(t for t, is_rows in loops if is_rows)) if loops else frozenset()
        )
        local = frozenset().union(*(t for t, _ in loops)) if loops else frozenset()
        if match.group(1) is not None:
            marks.append(_expression_tokens(match.group(1), row_vars, local))
            out.append(f"{MARK_OPEN}{len(marks) - 1}{MARK_CLOSE}")
        elif match.group(2) is not None:
            tag = match.group(2)
            loop = _FOR_RE.match(tag)
            if loop:
                targets = frozenset(t.strip() for t in loop.group(1).split(","))
                loops.append((targets, loop.group(2).strip() == ROW_COLLECTION))
            elif tag.startswith("endfor") and loops:
                loops.pop()
    out.append(source[pos:])
    return "".join(out), marks


def _clean_label(text: str) -> str:
    text = " ".join(text.split()).strip(" :|-–—=.")
    # keep the end of a long run of text: the words right before the token
    for sep in (". ", "; ", " | "):
        if sep in text:
            text = text.rsplit(sep, 1)[-1]
    words = text.split()
    return " ".join(words[-6:]).strip(" :.") if words else ""


BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "li",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "tr",
        "td",
        "th",
        "table",
        "ul",
        "ol",
        "dl",
        "header",
        "footer",
        "nav",
        "article",
        "label",
        "br",
        "caption",
        "tbody",
        "thead",
        "tfoot",
        "title",
        "body",
        "head",
    }
)
_LABEL_STOP = frozenset({"and", "or", "to", "from", "the", "of", "y", "und", "de"})


def _label_quality(label: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_]{2,}", label)]
    return bool(words) and not all(w.lower() in _LABEL_STOP for w in words)


class _LabelParser(HTMLParser):
    """Find the text an analyst sees next to each token: a preceding label or a column header."""

    def __init__(self, marks: list[list[str]]) -> None:
        super().__init__(convert_charrefs=True)
        self.marks = marks
        # token -> (priority, label); the best-placed occurrence wins
        self.best: dict[str, tuple[int, str]] = {}
        self.current = ""  # text of the block being read, before the next token
        self.previous = ""  # text of the block just before it
        self.block_tag = ""
        self.previous_tag = ""
        self.skip = 0
        self.tables: list[dict] = []
        self.headers: dict[str, str] = {}  # token -> header of the table column it sits in
        self.footer: set[str] = set()  # tokens inside a <tfoot>
        self.tfoot = 0

    @property
    def labels(self) -> dict[str, str]:
        return {name: label for name, (_p, label) in self.best.items()}

    def _new_block(self, tag: str = "") -> None:
        if self.current.strip():
            self.previous, self.previous_tag = self.current, self.block_tag
        self.current = ""
        self.block_tag = tag

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
            return
        if tag in BLOCK_TAGS:
            self._new_block(tag)
        if tag == "tfoot":
            self.tfoot += 1
        if tag == "table":
            self.tables.append({"headers": [], "row": None})
        elif tag == "tr" and self.tables:
            self.tables[-1]["row"] = []
        elif tag in ("td", "th") and self.tables and self.tables[-1]["row"] is not None:
            span = dict(attrs).get("colspan") or "1"
            self.tables[-1]["row"].append(
                {
                    "th": tag == "th",
                    "text": "",
                    "span": int(span) if span.isdigit() else 1,
                    "marks": 0,
                }
            )

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
            return
        if tag in BLOCK_TAGS:
            self._new_block()
        if tag == "tfoot":
            self.tfoot = max(0, self.tfoot - 1)
        if tag == "table" and self.tables:
            self.tables.pop()
        elif tag == "tr" and self.tables and self.tables[-1]["row"] is not None:
            table = self.tables[-1]
            cells = table["row"]
            if (
                cells
                and not table["headers"]
                and all(c["th"] for c in cells)
                and not any(c["marks"] for c in cells)
            ):
                headers: list[str] = []
                for cell in cells:
                    headers.extend([_clean_label(cell["text"])] * cell["span"])
                table["headers"] = headers
            table["row"] = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        for piece in re.split(f"({MARK_OPEN}\\d+{MARK_CLOSE})", data):
            if not piece:
                continue
            if piece.startswith(MARK_OPEN):
                self._token_here(self.marks[int(piece[1:-1])])
                self.current = ""
                self.previous = ""
                continue
            if piece.strip():
                self.current = f"{self.current} {piece}" if self.current else piece
                if self.tables and self.tables[-1]["row"]:
                    self.tables[-1]["row"][-1]["text"] += piece

    def _token_here(self, names: list[str]) -> None:
        candidates: list[tuple[int, str]] = []
        name = names[0] if names else None
        if name is not None and self.tfoot:
            self.footer.add(name)
        if self.tables and self.tables[-1]["row"]:
            table = self.tables[-1]
            cells = table["row"]
            # the nearest cell with text: in "Address | x | Branch | y" y's label is "Branch"
            row_text = next((c["text"] for c in reversed(cells) if c["text"].strip()), "")
            column = sum(c["span"] for c in cells[:-1])
            header = table["headers"][column] if column < len(table["headers"]) else ""
            if name is not None and header and name not in self.headers:
                self.headers[name] = header
            if row_text.strip():
                candidates.append((3, _clean_label(row_text)))
            elif header:
                candidates.append((3, header))
            cells[-1]["marks"] += 1
        if self.current.strip():
            text = self.current.strip()
            candidates.append((3 if text.endswith(":") else 2, _clean_label(text)))
        if self.previous.strip():
            # a <dt>/<th>/<label> just before the token is a label by construction
            structural = self.previous_tag in (
                "dt",
                "th",
                "label",
            ) or self.previous.strip().endswith(":")
            candidates.append((3 if structural else 1, _clean_label(self.previous)))
        # the label belongs to the expression's subject, not to filter arguments
        for priority, label in candidates:
            if name is None or not _label_quality(label):
                continue
            if name not in self.best or priority > self.best[name][0]:
                self.best[name] = (priority, label)
            break


def _parse_layout(source: str) -> _LabelParser:
    text, marks = _mark_tokens(source)
    parser = _LabelParser(marks)
    parser.feed(text)
    parser.close()
    return parser


def find_labels(source: str, env_origin: str = "") -> dict[str, str]:
    """Map token name -> the visible label next to it (preceding text or column header)."""
    return _parse_layout(source).labels


def template_fingerprint(template_dir: Path) -> str:
    """sha256 over every file of a template folder (names and bytes), hidden files aside.

    Unlike :attr:`TemplateSpec.content_hash` (the main HTML only), this changes when the
    stylesheet, the validation rules or the overrides change: anything that alters a report.
    """
    template_dir = Path(template_dir)
    digest = hashlib.sha256()
    for path in sorted(template_dir.rglob("*")):
        relative = path.relative_to(template_dir)
        if not path.is_file() or any(part.startswith(".") for part in relative.parts):
            continue
        digest.update(relative.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()
