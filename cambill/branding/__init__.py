"""Branding of the documents and pages: a cloud's (retail invoices, e-mails, the
subscriber portal) and the provider's (wholesale invoices).

Legal identity (legal name, address, tax id) is not kept here: it is the cloud's
legal data (``clouds.Cloud``) and the provider's record (``einvoice.ProviderProfile``);
branding reads it (docs/decisions/0020-branding-reads-the-legal-record.md).
"""
