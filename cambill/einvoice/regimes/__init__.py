"""One adapter per tax regime, each behind ``cambill.einvoice.protocol.RegimeAdapter``."""
