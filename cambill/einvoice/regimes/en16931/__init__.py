"""EN 16931, the European e-invoice's semantic model, shared by ``eu-peppol`` (UBL 2.1
as Peppol BIS Billing 3.0) and ``eu-facturx`` (CII in a PDF/A-3): ``document.prepare``
turns an ``EInvoice`` into EN 16931's figures, ``ubl.build`` and ``cii.build`` write
them, ``validate`` runs CEN's and OpenPEPPOL's official rules (vendored in ``rules/``,
see ``rules/LICENCES.md``) with ``saxonche``."""
