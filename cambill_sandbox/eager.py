"""Celery tasks in-process for the sandbox's simulated runs (demo history, demo-flow)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def eager_tasks() -> Iterator[None]:
    """Run every task in-process while the block runs, whatever the broker setting,
    so what a job does happens at the simulated time that started it."""
    from cambill.celery import app

    # The tasks modules (issue jobs, card charges, mail) are looked up by name.
    app.loader.import_default_modules()
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    # Celery's eager path still builds a broker producer and kombu warns that no
    # host was given; nothing is sent anywhere, so the warning is only noise here.
    kombu_log = logging.getLogger("kombu.connection")
    level = kombu_log.level
    kombu_log.setLevel(logging.ERROR)
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
        kombu_log.setLevel(level)
