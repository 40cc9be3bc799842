from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert.accounts.models import User
from ouvert.catalog import services
from ouvert.catalog.models import Dataset, Resource
from ouvert.publishing import services as publishing
from ouvert.territory.models import Organisation


class Command(BaseCommand):
    help = (
        "Crée ou met à jour un jeu de données à partir de fichiers, attend la fin de leur "
        "traitement et affiche un objet JSON par fichier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", type=Path, metavar="FICHIER")
        parser.add_argument("--organisation", required=True, help="identifiant de l'organisation")
        parser.add_argument("--dataset", default="", help="identifiant du jeu (créé s'il manque)")
        parser.add_argument("--title", default="", help="titre d'un nouveau jeu de données")
        parser.add_argument("--licence", default="", help="lov2 (défaut), odc-odbl, ODbL-1.0…")
        parser.add_argument("--licence-reason", default="", help="motif d'une autre licence")
        parser.add_argument(
            "--description",
            default="",
            help="description d'un nouveau jeu (obligatoire pour le publier avec --publish)",
        )
        parser.add_argument(
            "--schema",
            default="",
            help="schéma des nouvelles ressources (scdl/subventions, …@2.1.1) : chaque version "
            "est validée",
        )
        parser.add_argument("--publish", action="store_true", help="publier le jeu ensuite")
        parser.add_argument(
            "--user", default="", help="courriel de la personne qui publie (défaut : un admin)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        actor = self._actor(options["user"])
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : {options['organisation']}")
        existing = (
            Dataset.objects.filter(slug=options["dataset"]).first() if options["dataset"] else None
        )
        description = existing.description if existing is not None else options["description"]
        if options["publish"] and not description.strip():
            # Said before any file is read: a dataset is published with its description.
            raise CommandError(
                "--publish demande une description du jeu de données : ajoutez "
                '--description "…" (ce que contiennent les données, d\'où elles viennent).'
            )
        try:
            dataset = self._dataset(actor, organisation, options)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error
        failures = 0
        for path in options["files"]:
            result = self._ingest(actor, dataset, path, options["schema"])
            failures += result["status"] != "ready"
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if options["publish"] and not failures:
            try:
                services.publish_dataset(actor, dataset)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        if failures:
            raise CommandError(
                "1 fichier n'est pas en ligne."
                if failures == 1
                else f"{failures} fichiers ne sont pas en ligne."
            )

    def _actor(self, email: str) -> User:
        users = User.objects.filter(is_active=True)
        actor = users.filter(email=email.lower()).first() if email else None
        if email and actor is None:
            raise CommandError(f"Aucun compte actif pour {email}.")
        actor = actor or users.filter(is_superuser=True).order_by("pk").first()
        if actor is None:
            raise CommandError(
                "Aucun administrateur de la plateforme : `ouvert createsuperuser`, ou --user."
            )
        return actor

    def _dataset(self, actor: User, organisation: Organisation, options: dict[str, Any]) -> Dataset:
        slug = options["dataset"]
        existing = Dataset.objects.filter(slug=slug).first() if slug else None
        if existing is not None:
            if existing.organisation_id != organisation.pk:
                raise CommandError(f"Le jeu {slug} appartient à une autre organisation.")
            return existing
        title = options["title"] or options["files"][0].stem.replace("_", " ").replace("-", " ")
        fields: dict[str, Any] = {"title": title, "description": options["description"]}
        if slug:
            fields["slug"] = slug
        if options["licence"]:
            fields["licence"] = options["licence"]
            fields["licence_reason"] = options["licence_reason"]
        return services.create_dataset(actor, organisation, **fields)

    def _ingest(self, actor: User, dataset: Dataset, path: Path, schema: str) -> dict[str, Any]:
        result: dict[str, Any] = {"file": str(path), "dataset": dataset.slug}
        if not path.is_file():
            return {**result, "status": "error", "errors": [f"Fichier introuvable : {path}"]}
        existing = Resource.objects.filter(
            dataset=dataset, current_version__filename=path.name
        ).first()
        try:
            # This command is its own worker: it processes the file now rather than wait for one.
            with path.open("rb") as handle:
                if existing is not None:
                    version = publishing.upload_version(
                        actor, existing, handle, path.name, now=True
                    )
                else:
                    resource = publishing.upload_resource(
                        actor, dataset, handle, path.name, schema=schema, now=True
                    )
                    version = resource.versions.get()
        except (ValidationError, PermissionDenied) as error:
            messages = getattr(error, "messages", [str(error)])
            return {**result, "status": "error", "errors": messages}
        return {
            **result,
            "resource": str(version.resource.uid),
            "version": version.number,
            "sha256": version.sha256,
            "status": version.status,
            "errors": [version.status_message] if version.status_message else [],
        }
