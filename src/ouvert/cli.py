"""The `ouvert` command: demo, serve, worker, load-referential and Django's management commands."""

from __future__ import annotations

import os
import sys

USAGE = """\
ouvert — plateforme open data mutualisée

  ouvert demo [--host H] [--port P]   démonstration complète (Finistère) sur http://H:P
  ouvert serve [--host H] [--port P]  serveur web de production (gunicorn)
  ouvert worker                       exécute les tâches de fond (import, validation…)
  ouvert load-referential [--source DOSSIER]
                                      charge ou met à jour le référentiel INSEE
  ouvert <commande Django>            migrate, createsuperuser, shell, check…
  ouvert help                         toutes les commandes
"""


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `ouvert` console script."""
    args = list(sys.argv if argv is None else argv)
    if len(args) == 1 or args[1] in {"-h", "--help"}:
        print(USAGE)
        return
    if args[1] == "demo":
        # Before settings are imported: demo mode accepts the demo secret and prints e-mails.
        os.environ.setdefault("OUVERT_MODE", "demo")
        os.environ.setdefault("OUVERT_HTTPS", "false")
    if not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ouvert.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as error:  # a configuration refused: its French text, no trace
        print(str(error).strip("\n"), file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
