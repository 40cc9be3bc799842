"""The back-office form to add a harvest source."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from ouvert.harvesting.models import HarvestSource
from ouvert.territory.models import Organisation


class SourceForm(forms.Form):
    name = forms.CharField(label="Nom de la source", max_length=200, required=False)
    url = forms.URLField(
        label="Adresse",
        max_length=2000,
        assume_scheme="https",
        help_text="Catalogue DCAT (…/catalog.ttl), ou adresse du portail CKAN, udata ou "
        "OpenDataSoft.",
    )
    protocol = forms.ChoiceField(label="Protocole", choices=HarvestSource.Protocol.choices)
    organisation = forms.ModelChoiceField(
        label="Organisation destinataire", queryset=Organisation.objects.none()
    )
    insee_codes = forms.CharField(
        label="Codes INSEE des territoires",
        required=False,
        help_text="Séparés par des virgules, par exemple 29232,29019. Vide : tous.",
    )
    keywords = forms.CharField(
        label="Mots-clés", required=False, help_text="Séparés par des virgules. Vide : tous."
    )
    remote_organisation = forms.CharField(
        label="Organisation sur le portail distant",
        required=False,
        max_length=200,
        help_text="Son nom ou son identifiant. Vide : toutes.",
    )
    schedule = forms.ChoiceField(label="Fréquence", choices=HarvestSource.Schedule.choices)
    ingest_csv = forms.BooleanField(
        label="Importer les fichiers CSV pour leur donner l'API tabulaire", required=False
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = organisations
