"""Legal e-invoices: one value in EN 16931 terms (``value``), one adapter per tax
regime behind one protocol (``protocol``), one record per document and regime."""
