"""Test settings: ouvert's own, in test mode, with a throw-away data folder."""

import os
import tempfile

os.environ.setdefault("OUVERT_MODE", "test")
os.environ.setdefault("OUVERT_DATA_DIR", tempfile.mkdtemp(prefix="ouvert-test-"))
os.environ.setdefault("OUVERT_TASKS_BACKEND", "immediate")
# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are
# synchronous test code, not async views.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from ouvert.settings import *  # noqa: F403

OUVERT_ALLOWED_HOSTS = [*OUVERT_ALLOWED_HOSTS, "testserver", ".localhost"]  # noqa: F405
