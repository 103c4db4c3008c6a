"""Factur-X (profile EN 16931): the CII XML validated by CEN's CII rules, embedded as
``factur-x.xml`` in the invoice's PDF/A-3 with Factur-X's XMP (``pdf.facturx_pdf``).
There is no network to deliver it: the PDF travels by e-mail (``delivery``)."""

from .adapter import REGIME, FacturXAdapter

__all__ = ["REGIME", "FacturXAdapter"]
