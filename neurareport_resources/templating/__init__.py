"""Report templates: folders of Jinja2 HTML whose tokens are mapped to data by a contract."""

from neurareport_resources.templating.importer import convert_html, import_template
from neurareport_resources.templating.sandbox import (
    make_environment,
    render_template_string_sandboxed,
)
from neurareport_resources.templating.spec import (
    RESERVED_NAMES,
    TemplateError,
    TemplateSpec,
    Token,
    TokenKind,
    find_labels,
    load_template,
    template_fingerprint,
)

__all__ = [
    "RESERVED_NAMES",
    "TemplateError",
    "TemplateSpec",
    "Token",
    "TokenKind",
    "convert_html",
    "find_labels",
    "import_template",
    "load_template",
    "make_environment",
    "render_template_string_sandboxed",
    "template_fingerprint",
]
