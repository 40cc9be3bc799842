"""The `ouvert` command: demo, serve, worker, ingest, backup, restore… (Django's management
commands), and the standalone commands `validate` and `scan`, which run on any machine with no
configuration."""

from __future__ import annotations

import importlib
import os
import sys

USAGE = """\
ouvert — plateforme open data mutualisée

  ouvert demo [--host H] [--port P]   démonstration complète (Finistère) sur http://H:P
  ouvert serve [--host H] [--port P]  serveur web de production (gunicorn)
  ouvert worker                       exécute les tâches de fond (import, validation…)
  ouvert ingest FICHIER… --organisation SLUG [--publish --description TEXTE] [réglages…]
                                      dépose des fichiers et attend leur traitement
  ouvert validate FICHIER --schema SCHÉMA [--json]
                                      conformité d'un fichier à un schéma (sans plateforme)
  ouvert scan FICHIER [--json]        données personnelles d'un fichier (sans plateforme)
  ouvert backup DOSSIER               sauvegarde la base, les fichiers et les tables
  ouvert restore DOSSIER [--force]    restaure une sauvegarde (plateforme vide, sauf --force)
  ouvert load-referential [--source DOSSIER]
                                      charge ou met à jour le référentiel INSEE
  ouvert <commande Django>            migrate, createsuperuser, shell, check…
  ouvert help                         toutes les commandes
"""

# Commands that need no configuration, database or secret: run before Django is set up.
STANDALONE = {"validate": "ouvert.standalone.validate", "scan": "ouvert.standalone.scan"}


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `ouvert` console script."""
    args = list(sys.argv if argv is None else argv)
    if len(args) == 1 or args[1] in {"-h", "--help"}:
        print(USAGE)
        return
    if args[1] in STANDALONE:
        sys.exit(_standalone(STANDALONE[args[1]], args[2:]))
    if args[1] == "demo":
        # Before settings are imported: demo mode accepts the demo secret and prints e-mails.
        os.environ.setdefault("OUVERT_MODE", "demo")
        os.environ.setdefault("OUVERT_HTTPS", "false")
    elif _is_demo_checkout():
        # `ouvert ingest …` run from the checkout after `make demo` acts on the demo's data.
        os.environ["OUVERT_MODE"] = "demo"
        os.environ.setdefault("OUVERT_HTTPS", "false")
        print("Données de la démonstration (var/) : mode démonstration.", file=sys.stderr)
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


def _standalone(module: str, argv: list[str]) -> int:
    try:
        return int(importlib.import_module(module).main(argv))
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # a user's command line never shows a traceback
        print(
            f"Erreur inattendue ({type(error).__name__}) : {error}. Le fichier n'a pas pu être "
            "traité ; si le problème persiste, signalez-le avec ce message.",
            file=sys.stderr,
        )
        return 2


def _is_demo_checkout() -> bool:
    """No mode nor secret given, and the data folder is the one `ouvert demo` filled."""
    from ouvert import config

    if config.MODE.name in os.environ or config.SECRET_KEY.name in os.environ:
        return False
    return config.is_demo_data_dir()


if __name__ == "__main__":
    main()
