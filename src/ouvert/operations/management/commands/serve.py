from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from ouvert import config


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    """The gunicorn command line serving ouvert."""
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "ouvert.wsgi:application",
        "--bind",
        f"{host}:{port}",
        "--workers",
        str(workers),
        "--threads",
        "4",
        "--worker-class",
        "gthread",
        "--timeout",
        "120",
        "--access-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    ]


class Command(BaseCommand):
    help = (
        "Serveur web de production (gunicorn) ; les fichiers statiques sont servis par whitenoise."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=config.read_int(config.WEB_CONCURRENCY))

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.STATIC_ROOT / "staticfiles.json").exists():
            self.stdout.write(
                "Fichiers statiques absents : exécutez d'abord `ouvert collectstatic`."
            )
        argv = gunicorn_argv(options["host"], options["port"], options["workers"])
        os.execv(argv[0], argv)  # noqa: S606 - replaces this process by gunicorn
