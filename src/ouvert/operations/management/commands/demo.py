from __future__ import annotations

import os
import sys
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert import config
from ouvert.accounts.models import User
from ouvert.operations.demo import DEMO_PORTALS, ensure_demo_people, load_demo_territory
from ouvert.operations.demo_datasets import load_demo_datasets
from ouvert.operations.management.commands.serve import gunicorn_argv
from ouvert.operations.supervise import Child, Supervisor
from ouvert.territory.models import Territory


class Command(BaseCommand):
    help = (
        "Démonstration complète : base SQLite locale, référentiel, territoire du Finistère, "
        "serveur web et worker de tâches."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="préparer les données sans lancer le serveur"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.IS_DEMO:
            raise CommandError("`ouvert demo` tourne en mode démo (OUVERT_MODE=demo).")
        self.stdout.write(f"Données de la démonstration dans {settings.DATA_DIR}")
        (settings.DATA_DIR / config.DEMO_MARKER).write_text(
            "Dossier de la démonstration d'ouvert (`ouvert demo`) : les commandes `ouvert` lancées "
            "sans configuration depuis ce dossier parent l'utilisent.\n",
            encoding="utf-8",
        )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        if not Territory.objects.filter(kind=Territory.Kind.COMMUNE).exists():
            self.stdout.write("Chargement du référentiel INSEE (une seule fois)…")
            call_command("load_referential", stdout=self.stdout)
        organisations = load_demo_territory()
        credentials = ensure_demo_people(organisations)
        admin = User.objects.get(email=credentials.admin_email)
        created = load_demo_datasets(organisations, admin)
        if created:
            self.stdout.write(f"{len(created)} jeux de données de démonstration publiés.")
        host, port = options["host"], options["port"]
        self._announce(host, port, credentials)
        if options["no_serve"]:
            return
        self._serve(host, port)

    def _announce(self, host: str, port: int, credentials: Any) -> None:
        shown = "127.0.0.1" if host in {"0.0.0.0", "::"} else host  # noqa: S104
        lines = [
            "",
            "ouvert — démonstration prête",
            f"  Plateforme (Département du Finistère) : http://{shown}:{port}/",
        ]
        for portal in DEMO_PORTALS:
            lines.append(
                f"  {portal.name} : http://{portal.host}:{port}/  ou  http://{shown}:{port}/p/{portal.slug}/"
            )
        lines += [
            "",
            f"  Administratrice de la plateforme : {credentials.admin_email}",
            f"      mot de passe : {credentials.admin_password}",
            f"  Éditrice de la Ville de Quimper  : {credentials.editor_email}",
            f"      mot de passe : {credentials.editor_password}",
            "",
            "  Les courriels (invitations, mots de passe oubliés) s'affichent dans cette console.",
            "  Ctrl+C pour arrêter.",
            "",
        ]
        self.stdout.write("\n".join(lines))

    def _serve(self, host: str, port: int) -> None:
        env = dict(os.environ)
        if host not in {"0.0.0.0", "::", "127.0.0.1", "localhost"}:  # noqa: S104
            env["OUVERT_ALLOWED_HOSTS"] = (
                env.get("OUVERT_ALLOWED_HOSTS", "localhost,127.0.0.1") + f",{host}"
            )
        # The worker dying (killed, out of memory) must not take the web server down: each is
        # started again on its own; its interrupted work is recovered (publishing/workers.py).
        supervisor = Supervisor(
            [
                Child("le serveur web", gunicorn_argv(host, port, 2)),
                Child("le worker", [sys.executable, "-m", "ouvert.cli", "worker"]),
            ],
            env,
            self.stdout,
        )
        supervisor.install_signal_handlers()
        if supervisor.run():
            raise CommandError("La démonstration s'est arrêtée : un processus ne démarre pas.")
