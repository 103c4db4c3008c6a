"""Bank statements (ISO 20022 camt.053 and SWIFT MT940) and their reconciliation
with open invoices: :mod:`.parse` reads a file into plain values,
:mod:`.services` imports and matches (the verbs), :mod:`.selectors` reads the
queue. The CSV import of :mod:`cambill.payments.bank` stays as it is."""
