"""Pure rules of branding: colours with their contrast, and the logo a cloud may
upload (kind, size, and for SVG the absence of anything active).

An uploaded SVG is refused, not cleaned, when it carries a script, an event
handler, a reference outside itself or a DTD: a logo has no need of any of them,
and a refusal tells the uploader what is wrong instead of silently changing the
picture. PNG and JPEG are opened with Pillow to make sure they are what they say.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from cambill.core.errors import DomainError, ErrorCode

LOGO_MAX_BYTES = 256 * 1024
LOGO_MAX_PIXELS = 4000
COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
# What the pages and PDFs draw with the colours: white text on the primary colour
# (table headers, buttons) and the primary colour as text on white (links, titles)
# need WCAG AA for normal text; the accent marks rules and borders (AA for shapes).
PRIMARY_MIN_CONTRAST = 4.5
ACCENT_MIN_CONTRAST = 3.0
DEFAULT_PRIMARY = "#1f4e79"
DEFAULT_ACCENT = "#2e75b6"

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
# Elements that run code or pull in other documents.
ACTIVE_ELEMENTS = frozenset(
    {
        "script",
        "foreignobject",
        "iframe",
        "embed",
        "object",
        "handler",
        "listener",
        "audio",
        "video",
    }
)
SAFE_DATA_IMAGE = re.compile(r"^data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$")


def _error(code: ErrorCode, field: str, message: str) -> DomainError:
    return DomainError(code, message, {field: [message]})


def normalize_color(value: object, field: str) -> str:
    """``#rrggbb`` in lower case; empty keeps the product's colour."""
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or not COLOR.match(value.strip()):
        raise _error(
            ErrorCode.BAD_COLOUR,
            field,
            _("A colour is written as # and six hexadecimal digits, such as #1f4e79."),
        )
    return value.strip().lower()


def _luminance(color: str) -> float:
    def channel(hex2: str) -> float:
        c = int(hex2, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(color[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# The lightest ground the colour meets as text: the portal's page background (links
# outside panels); white, lighter still, then passes too.
PAGE_BACKGROUND = "#f5f6f8"


def check_contrast(color: str, field: str, minimum: float) -> None:
    if color and contrast(color, PAGE_BACKGROUND) < minimum:
        raise _error(
            ErrorCode.LOW_CONTRAST,
            field,
            _(
                "This colour is too light for white text on it and for text in it on a light "
                "page: its contrast is %(ratio).1f:1, at least %(minimum).1f:1 is needed."
            )
            % {"ratio": contrast(color, PAGE_BACKGROUND), "minimum": minimum},
        )


@dataclass(frozen=True)
class Logo:
    data: bytes
    content_type: str


def check_logo(data: bytes, field: str = "logo") -> Logo:
    """The logo if it is a PNG, JPEG or SVG within the limits; a refusal otherwise."""
    if len(data) > LOGO_MAX_BYTES:
        raise _error(
            ErrorCode.LOGO_TOO_LARGE,
            field,
            _("A logo may be %(kb)d KB at most.") % {"kb": LOGO_MAX_BYTES // 1024},
        )
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Logo(_check_bitmap(data, "PNG", field), "image/png")
    if data.startswith(b"\xff\xd8\xff"):
        return Logo(_check_bitmap(data, "JPEG", field), "image/jpeg")
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--"):
        return Logo(_check_svg(data, field), "image/svg+xml")
    raise _unreadable(field)


def _unreadable(field: str) -> DomainError:
    return _error(ErrorCode.LOGO_UNREADABLE, field, _("A logo must be an SVG, PNG or JPEG image."))


def _check_bitmap(data: bytes, kind: str, field: str) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != kind:
                raise _unreadable(field)
            width, height = image.size
            image.verify()
    except DomainError:
        raise
    except Exception as exc:  # Pillow raises many kinds for a broken file
        raise _unreadable(field) from exc
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise _error(
            ErrorCode.LOGO_TOO_LARGE,
            field,
            _("A logo may be %(px)d pixels wide and high at most.") % {"px": LOGO_MAX_PIXELS},
        )
    return data


def _unsafe(field: str, what: str) -> DomainError:
    return _error(
        ErrorCode.LOGO_UNSAFE,
        field,
        _("This SVG is refused: it holds %(what)s, which a logo may not carry.") % {"what": what},
    )


def _check_svg(data: bytes, field: str) -> bytes:
    from lxml import etree

    if b"<!DOCTYPE" in data.upper() or b"<!ENTITY" in data.upper():
        raise _unsafe(field, _("a document type declaration"))
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _unreadable(field) from exc
    if root.tag != f"{{{SVG_NS}}}svg":
        raise _unreadable(field)
    outside = [*root.itersiblings(preceding=True), *root.itersiblings()]
    for node in [*outside, *root.iter()]:
        if isinstance(node, etree._ProcessingInstruction):
            raise _unsafe(field, _("a processing instruction"))
        if not isinstance(node.tag, str):
            continue  # comments
        name = etree.QName(node).localname.lower()
        if name in ACTIVE_ELEMENTS:
            raise _unsafe(field, _("a script or an embedded document"))
        if name == "style" and _active_css(node.text or ""):
            raise _unsafe(field, _("a style that loads other files"))
        for attr, value in node.attrib.items():
            local = etree.QName(attr).localname.lower()
            if local.startswith("on"):
                raise _unsafe(field, _("an event handler"))
            if local == "href" and not (value.startswith("#") or SAFE_DATA_IMAGE.match(value)):
                raise _unsafe(field, _("a link to another document"))
            if local == "attributename" and value.lower().endswith("href"):
                raise _unsafe(field, _("an animated link"))
            if local == "style" and _active_css(value):
                raise _unsafe(field, _("a style that loads other files"))
    return data


def _active_css(css: str) -> bool:
    low = css.lower()
    if "@import" in low or "javascript:" in low or "expression(" in low:
        return True
    return any(not ref.strip(" '\"").startswith("#") for ref in re.findall(r"url\(([^)]*)\)", low))
