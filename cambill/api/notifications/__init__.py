"""The e-mail outbox and billing contacts in the API."""
