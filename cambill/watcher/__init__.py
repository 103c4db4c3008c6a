"""Flussonic Watcher integration: the API client, sync jobs and the fake Watcher."""
