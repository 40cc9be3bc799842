"""`ouvert harvest add|run|list`: harvest sources from the command line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from ouvert.accounts.models import User
from ouvert.harvesting import services, tasks
from ouvert.harvesting.models import HarvestRun, HarvestSource
from ouvert.harvesting.report import counts_line, render_run
from ouvert.territory.models import Organisation

FILTERS = {"insee", "keyword", "organisation"}


class Command(BaseCommand):
    help = "Moissonnage d'autres portails : ajouter une source, la moissonner, les lister."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="add|run|list")
        add = commands.add_parser("add", help="ajouter une source de moissonnage")
        add.add_argument("url", metavar="URL")
        add.add_argument(
            "--protocol", required=True, choices=[p.value for p in HarvestSource.Protocol]
        )
        add.add_argument("--organisation", required=True, help="organisation destinataire")
        add.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="CLÉ=VALEURS",
            help="insee=29232,29019 | keyword=vélo,mobilité | organisation=slug-distant",
        )
        add.add_argument("--name", default="", help="nom de la source")
        add.add_argument(
            "--schedule", default="manual", choices=[s.value for s in HarvestSource.Schedule]
        )
        add.add_argument("--ingest-csv", action="store_true", help="importer les fichiers CSV")
        add.add_argument("--user", default="", help="courriel de la personne (défaut : un admin)")

        run = commands.add_parser("run", help="moissonner une source maintenant")
        run.add_argument("source", nargs="?", type=int, metavar="SOURCE_ID")
        run.add_argument("--all", action="store_true", help="toutes les sources actives")
        run.add_argument(
            "--due", action="store_true", help="mettre en file les sources programmées dues"
        )
        run.add_argument("--user", default="", help="courriel de la personne (défaut : un admin)")
        run.add_argument("--quiet", action="store_true", help="n'afficher que les échecs")

        commands.add_parser("list", help="lister les sources et leur dernier moissonnage")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"_{options['action']}")(options)
        except (ValidationError, PermissionDenied) as error:
            raise CommandError(" ".join(getattr(error, "messages", [str(error)]))) from error

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

    def _add(self, options: dict[str, Any]) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Organisation inconnue : {options['organisation']}")
        filters: dict[str, list[str]] = {name: [] for name in FILTERS}
        for raw in options["filter"]:
            key, _, values = raw.partition("=")
            if key not in FILTERS or not values:
                raise CommandError(
                    f"Filtre « {raw} » incompris : insee=…, keyword=… ou organisation=…"
                )
            filters[key] += [value.strip() for value in values.split(",") if value.strip()]
        source = services.create_source(
            self._actor(options["user"]),
            organisation,
            url=options["url"],
            protocol=options["protocol"],
            name=options["name"],
            insee_codes=filters["insee"],
            keywords=filters["keyword"],
            remote_organisation=",".join(filters["organisation"]),
            schedule=options["schedule"],
            ingest_csv=options["ingest_csv"],
        )
        self.stdout.write(f"Source n° {source.pk} ajoutée : « {source.name} » ({source.url}).")

    def _run(self, options: dict[str, Any]) -> None:
        if options["due"]:
            queued = tasks.queue_due_sources()
            self.stdout.write(f"{len(queued)} moissonnage(s) programmé(s) mis en file.")
            return
        if options["all"]:
            sources = list(HarvestSource.objects.filter(is_active=True).order_by("pk"))
        elif options["source"] is not None:
            sources = list(HarvestSource.objects.filter(pk=options["source"]))
            if not sources:
                raise CommandError(f"Source inconnue : n° {options['source']}.")
        else:
            raise CommandError("Indiquez le numéro d'une source, ou --all.")
        actor = self._actor(options["user"])
        failed = 0
        for source in sources:
            run = services.run_source(actor, source)
            failed += run.status == HarvestRun.Status.FAILED
            self.stdout.write(render_run(run, verbose=not options["quiet"]))
        if failed:
            raise CommandError(f"{failed} moissonnage(s) en échec.")

    def _list(self, options: dict[str, Any]) -> None:
        sources = HarvestSource.objects.select_related("organisation").order_by("pk")
        if not sources:
            self.stdout.write("Aucune source de moissonnage.")
        for source in sources:
            state = "active" if source.is_active else "en pause"
            self.stdout.write(
                f"{source.pk}. {source.name} — {source.get_protocol_display()} — {source.url} "
                f"→ {source.organisation.name} ({source.get_schedule_display().lower()}, {state})"
            )
            last = source.runs.first()
            if last is not None:
                self.stdout.write(
                    f"   dernier moissonnage : {last.get_status_display().lower()}, "
                    f"{counts_line(last)}"
                )
