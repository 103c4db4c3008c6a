"""The official rules, run in the product: CEN's EN 16931 schematrons (UBL and CII)
and OpenPEPPOL's BIS Billing 3.0 rules, compiled XSLT 2.0 run with ``saxonche``.

Each stylesheet is compiled once per process (on first use, a fraction of a second
each) and kept; Saxon's processor is not documented as thread-safe, so one lock
serializes the runs. A rule that fails with ``flag="fatal"`` (or ``error``) is a
``ValidationIssue`` with the rule's id; warnings are returned only when asked.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from ...protocol import ValidationIssue

RULES = Path(__file__).resolve().parent / "rules"
EN16931_UBL = RULES / "EN16931-UBL-validation.xslt"
EN16931_CII = RULES / "EN16931-CII-validation.xslt"
PEPPOL_UBL = RULES / "PEPPOL-EN16931-UBL.xslt"
SVRL = "http://purl.oclc.org/dsdl/svrl"
FATAL = ("fatal", "error")

_LOCK = threading.RLock()


@dataclass(frozen=True)
class Failure:
    rule: str
    flag: str
    location: str
    text: str


@lru_cache(maxsize=1)
def _processor() -> Any:
    from saxonche import PySaxonProcessor

    return PySaxonProcessor(license=False)


@lru_cache(maxsize=8)
def _compiled(path: str) -> Any:
    """A stylesheet compiled once per process."""
    with _LOCK:
        xslt = _processor().new_xslt30_processor()
        return xslt.compile_stylesheet(stylesheet_file=path)


def warm() -> None:
    """Compile every stylesheet now (a worker's start), not on the first document."""
    for path in (EN16931_UBL, EN16931_CII, PEPPOL_UBL):
        _compiled(str(path))


def svrl(xml: bytes, stylesheet: Path) -> bytes:
    """The SVRL report of one stylesheet on ``xml``."""
    executable = _compiled(str(stylesheet))
    with _LOCK:
        node = _processor().parse_xml(xml_text=xml.decode("utf-8"))
        out = executable.transform_to_string(xdm_node=node)
    return str(out).encode("utf-8")


def failures(xml: bytes, stylesheet: Path) -> list[Failure]:
    report = etree.fromstring(svrl(xml, stylesheet))
    found = []
    for el in report.iter(f"{{{SVRL}}}failed-assert", f"{{{SVRL}}}successful-report"):
        text = " ".join("".join(el.itertext()).split())
        found.append(
            Failure(
                rule=el.get("id") or "",
                flag=(el.get("flag") or "fatal").lower(),
                location=el.get("location") or "",
                text=text,
            )
        )
    return found


def _issues(found: list[Failure], *, warnings: bool) -> list[ValidationIssue]:
    # the rule id names the failure (a 400 lists the failed rules by id), the message
    # says what is wrong and where
    return [
        ValidationIssue(
            field=f.rule or "document",
            code=f.rule,
            message=f"{f.text} ({f.location})" if f.location else f.text,
        )
        for f in found
        if warnings or f.flag in FATAL
    ]


def _well_formed(xml: bytes) -> list[ValidationIssue]:
    try:
        etree.fromstring(xml)
    except etree.XMLSyntaxError as e:
        return [ValidationIssue("document", "xml", str(e))]
    return []


def validate_ubl(
    xml: bytes, *, peppol: bool = True, warnings: bool = False
) -> list[ValidationIssue]:
    """EN 16931's UBL rules, then Peppol BIS 3.0's: every fatal failure."""
    bad = _well_formed(xml)
    if bad:
        return bad
    found = failures(xml, EN16931_UBL)
    if peppol:
        found += failures(xml, PEPPOL_UBL)
    return _issues(found, warnings=warnings)


def validate_cii(xml: bytes, *, warnings: bool = False) -> list[ValidationIssue]:
    """EN 16931's CII rules (Factur-X's EN 16931 profile): every fatal failure."""
    bad = _well_formed(xml)
    if bad:
        return bad
    return _issues(failures(xml, EN16931_CII), warnings=warnings)
