"""Platform admins add a schema to the registry from a file or an address."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from ouvert.catalog.models import Schema
from ouvert.engine.validation import SchemaError, load_schema
from ouvert.validation.models import Validation
from ouvert.validation.resolve import resolve


class SchemaForm(forms.ModelForm):
    url = forms.URLField(label="adresse de référence", required=False, assume_scheme="https")
    source = forms.CharField(
        label="adresse du schéma",
        required=False,
        help_text="Adresse web du fichier schema.json (téléchargé par la plateforme), au lieu "
        "d'un fichier.",
    )
    upload = forms.FileField(label="fichier schema.json", required=False)

    class Meta:
        model = Schema
        fields = ["name", "version", "title", "url"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False  # taken from the schema when left empty

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload, source = data.get("upload"), (data.get("source") or "").strip()
        if not upload and not source and not (self.instance.pk and self.instance.descriptor):
            raise ValidationError("Donnez le fichier schema.json ou son adresse.")
        try:
            if upload:
                descriptor = json.loads(upload.read().decode("utf-8"))
            elif source:
                descriptor, _ = resolve(source)
            else:
                descriptor = self.instance.descriptor
            load_schema(descriptor)  # a Table Schema the engine reads
        except (SchemaError, json.JSONDecodeError, UnicodeDecodeError) as error:
            raise ValidationError(f"Ce schéma ne peut pas être lu : {error}") from error
        self.instance.descriptor = descriptor
        if not data.get("title"):
            data["title"] = descriptor.get("title") or data.get("name", "")
            self.instance.title = data["title"]
        if not data.get("url") and source.startswith("http"):
            data["url"] = source
        return data


@admin.register(Schema)
class SchemaAdmin(admin.ModelAdmin):
    form = SchemaForm
    list_display = ["name", "version", "title"]
    search_fields = ["name", "title"]


@admin.register(Validation)
class ValidationAdmin(admin.ModelAdmin):
    list_display = ["version", "schema", "valid", "error_count", "created_at"]
    list_filter = ["valid"]
    raw_id_fields = ["version"]
    readonly_fields = ["version", "schema", "valid", "error_count", "report", "summary", "repairs"]
