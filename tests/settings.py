"""Test settings: ouvert's own, in test mode, with a throw-away data folder."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("OUVERT_MODE", "test")
if "OUVERT_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="ouvert-test-")
    os.environ["OUVERT_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("OUVERT_TASKS_BACKEND", "immediate")
# Playwright's sync API runs an event loop in the test thread; the ORM calls around it are
# synchronous test code, not async views.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from ouvert.settings import *  # noqa: F403

OUVERT_ALLOWED_HOSTS = [*OUVERT_ALLOWED_HOSTS, "testserver", ".localhost"]  # noqa: F405
