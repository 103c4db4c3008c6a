"""Colombia: DIAN's electronic sales invoice (UBL 2.1 with DIAN's extensions, annex 1.9),
credit note and AttachedDocument; CUFE / CUDE; XAdES-EPES signature; offline XSD
validation; the numbering resolution's range and dates; DIAN's SOAP web service.

What an integration calls:

- ``DianAdapter()``: ``check(value)``, ``build(value, credentials)``, ``validate(xml)``,
  ``accept_reply(built, reply)``.
- ``resolution.parse(raw)``, ``resolution.number_for(res, sequence)`` (the DIAN number
  of the issuer's n-th invoice), ``resolution.usage(res, number).warn`` and
  ``resolution.crosses_warning(res, number)`` (notify at 90 % of the range).
- ``attached_document(document_xml, application_response_xml, credentials, signing_time=...)``:
  what the buyer receives once DIAN accepted.
- ``annulment(invoice_value, invoice_cufe=..., number=..., issued_at=...)``: a void, as
  DIAN has it (a credit note for all of the invoice with discrepancy code 2).
- ``client.DianClient(credentials, environment=...)``: the real web service (never
  called by tests; ``cambill_sandbox.einvoice.dian.serve`` speaks its protocol).
"""

from .adapter import REGIME, DianAdapter
from .annulment import annulment
from .attached import attached_document

__all__ = ["REGIME", "DianAdapter", "annulment", "attached_document"]
