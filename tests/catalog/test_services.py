"""Creating, publishing and versioning datasets through the one write path."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage

from ouvert.accounts.models import Role
from ouvert.catalog import services
from ouvert.catalog.models import Dataset, ResourceVersion
from ouvert.publishing import services as publishing_services
from ouvert.territory.models import Organisation, Territory


def test_a_dataset_starts_as_a_draft_with_licence_ouverte(demo, quimper_editor) -> None:
    dataset = services.create_dataset(
        quimper_editor,
        demo["quimper"],
        title="Budget primitif 2026",
        description="Le budget.",
        keywords=["budget", "Finances ", "budget"],
        themes=["ECON"],
        spatial=[Territory.objects.get(kind="commune", code="29232")],
    )
    assert dataset.status == Dataset.Status.DRAFT
    assert dataset.licence == "lov2"
    assert dataset.slug == "budget-primitif-2026"
    assert sorted(dataset.keywords.values_list("slug", flat=True)) == ["budget", "finances"]
    assert dataset.published_by is None


def test_odbl_needs_a_recorded_reason(demo, quimper_editor) -> None:
    with pytest.raises(ValidationError) as error:
        services.create_dataset(
            quimper_editor, demo["quimper"], title="Arbres", description="x", licence="ODbL-1.0"
        )
    assert "indiquez pourquoi" in str(error.value)
    dataset = services.create_dataset(
        quimper_editor,
        demo["quimper"],
        title="Arbres",
        description="x",
        licence="ODbL-1.0",
        licence_reason="Données dérivées d'OpenStreetMap, sous ODbL.",
    )
    assert dataset.licence == "odc-odbl"


def test_hostile_metadata_is_refused_or_neutralised(demo, quimper_editor) -> None:
    with pytest.raises(ValidationError):
        services.create_dataset(
            quimper_editor, demo["quimper"], title="A" * 1_000_000, description="x"
        )
    dataset = services.create_dataset(
        quimper_editor,
        demo["quimper"],
        title="<script>alert(1)</script>\x00 Titre\x07",
        description="ok",
    )
    assert dataset.title == "<script>alert(1)</script> Titre"  # kept as text, escaped on pages
    with pytest.raises(ValidationError):
        services.create_dataset(
            quimper_editor, demo["quimper"], title="T", description="x", licence="licence-inventee"
        )
    with pytest.raises(ValidationError):
        services.create_dataset(
            quimper_editor, demo["quimper"], title="T", description="x", themes=["XXXX"]
        )


def test_publishing_needs_a_description_and_a_resource(demo, quimper_editor) -> None:
    dataset = services.create_dataset(quimper_editor, demo["quimper"], title="Vide", description="")
    with pytest.raises(ValidationError) as error:
        services.publish_dataset(quimper_editor, dataset)
    assert "une description" in str(error.value) and "ressource" in str(error.value)


def test_versions_are_immutable_and_content_addressed(make_dataset, quimper_editor) -> None:
    dataset = make_dataset(csv=b"a,b\n1,2\n")
    resource = dataset.resources.get()
    first = resource.current_version
    assert first.number == 1 and first.size == 8
    assert first.sha256 == hashlib.sha256(b"a,b\n1,2\n").hexdigest()
    second = publishing_services.upload_version(
        quimper_editor, resource, io.BytesIO(b"a,b\n1,2\n3,4\n"), "v2.csv"
    )
    resource.refresh_from_db()
    assert resource.current_version == second and second.number == 2
    with default_storage.open(first.storage_path) as handle:
        assert handle.read() == b"a,b\n1,2\n"  # the first version's bytes are untouched
    # The same bytes uploaded again are stored once.
    third = publishing_services.upload_version(
        quimper_editor, resource, io.BytesIO(b"a,b\n1,2\n"), "v3.csv"
    )
    assert third.storage_path == first.storage_path and third.number == 3
    assert ResourceVersion.objects.filter(resource=resource).count() == 3


def test_a_managing_epci_publishes_on_behalf_of_a_commune(demo, make_user) -> None:
    qbo_editor = make_user(demo["qbo"], Role.EDITOR)
    locronan = Organisation.objects.get(slug="commune-29134")
    dataset = services.create_dataset(
        qbo_editor, locronan, title="Toilettes publiques", description="x"
    )
    assert dataset.organisation == locronan
    assert dataset.published_by == demo["qbo"]


def test_nobody_writes_on_another_organisation(make_dataset, demo, make_user) -> None:
    dataset = make_dataset()
    neighbour_editor = make_user(Organisation.objects.get(slug="commune-29051"), Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.update_dataset(neighbour_editor, dataset, title="Piraté")
    with pytest.raises(PermissionDenied):
        services.add_version(neighbour_editor, dataset.resources.get(), io.BytesIO(b"x"), "x.csv")
    with pytest.raises(PermissionDenied):
        services.unpublish_dataset(neighbour_editor, dataset)
    with pytest.raises(PermissionDenied):
        services.create_dataset(neighbour_editor, demo["quimper"], title="x", description="x")
    # Editors cannot delete; admins can.
    editor = make_user(demo["quimper"], Role.EDITOR)
    with pytest.raises(PermissionDenied):
        services.delete_dataset(editor, dataset)
    services.delete_dataset(make_user(demo["quimper"], Role.ADMIN), dataset)
    assert not Dataset.objects.filter(pk=dataset.pk).exists()


def test_remote_resources_need_an_http_url(make_dataset, quimper_editor) -> None:
    dataset = make_dataset()
    with pytest.raises(ValidationError):
        services.add_resource(quimper_editor, dataset, url="javascript:alert(1)")
    resource = services.add_resource(
        quimper_editor, dataset, url="https://data.example/export.csv?format=csv"
    )
    assert resource.format == "CSV" and resource.current_version.url.startswith("https://")


def test_a_large_upload_is_moved_into_the_store_not_copied_in_memory(
    make_dataset, quimper_editor
) -> None:
    from django.core.files.uploadedfile import TemporaryUploadedFile

    dataset = make_dataset()
    upload = TemporaryUploadedFile("gros.csv", "text/csv", 0, "utf-8")
    chunk = b"a;b\n" + b"1;2\n" * 256 * 1024  # 1 MiB
    for _ in range(8):
        upload.write(chunk)
    upload.flush()
    upload.size = upload.tell()
    temporary = upload.temporary_file_path()
    version = services.add_version(quimper_editor, dataset.resources.get(), upload, "gros.csv")
    assert version.size == 8 * len(chunk)
    assert version.sha256 == hashlib.sha256(chunk * 8).hexdigest()
    with default_storage.open(version.storage_path) as handle:
        assert handle.read(4) == b"a;b\n"
    import os

    assert not os.path.exists(temporary)  # renamed into the store
    upload.close()
