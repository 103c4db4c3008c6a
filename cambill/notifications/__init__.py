"""The e-mail outbox: billing contacts, templates per cloud and language, delivery, retries."""
