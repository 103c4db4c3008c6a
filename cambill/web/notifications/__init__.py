"""The e-mail outbox pages: outbox, message, templates with preview, billing contacts."""
