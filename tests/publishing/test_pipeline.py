"""The processing pipeline: a version goes online only once processed; a failure or a hold
leaves the previous version serving."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from ouvert.catalog import services
from ouvert.catalog.models import ResourceVersion
from ouvert.publishing import pipeline, workers


@pytest.fixture
def steps(monkeypatch):
    installed: list = []
    monkeypatch.setattr(pipeline, "STEPS", installed)
    return installed


def upload(editor, resource, content: bytes) -> ResourceVersion:
    """A received version, not yet processed (the tests run the pipeline themselves)."""
    return services.add_version(editor, resource, io.BytesIO(content), "v.csv")


def test_a_refused_file_leaves_the_previous_version_online(
    make_dataset, quimper_editor, steps, client: Client
) -> None:
    resource = make_dataset(csv=b"a;b\n1;2\n").resources.get()
    first = resource.current_version

    def refuse(work):
        work.progress(50)
        raise pipeline.Refused("Le fichier est tronqué : la ligne 3 s'arrête au milieu.")

    steps.append(refuse)
    second = upload(quimper_editor, resource, b"a;b\n1;")
    pipeline.process(second.pk)
    second.refresh_from_db()
    resource.refresh_from_db()
    assert second.status == "failed" and "tronqué" in second.status_message
    assert resource.current_version == first
    # The failed file is not public; its people can still fetch it to see what went wrong.
    assert client.get(f"/telechargement/{second.uid}/v.csv").status_code == 404
    client.force_login(quimper_editor)
    assert client.get(f"/telechargement/{second.uid}/v.csv").status_code == 200


def test_a_held_version_is_not_online(make_dataset, quimper_editor, steps, client: Client) -> None:
    resource = make_dataset().resources.get()
    first = resource.current_version

    def hold(work):
        raise pipeline.Held("La colonne « courriel » contient des adresses de personnes.")

    steps.append(hold)
    held = upload(quimper_editor, resource, b"nom;courriel\nA;a@b.fr\n")
    pipeline.process(held.pk)
    held.refresh_from_db()
    resource.refresh_from_db()
    assert held.status == "held" and resource.current_version == first
    assert client.get(f"/telechargement/{held.uid}/v.csv").status_code == 404
    api = client.get(f"/api/1/datasets/{resource.dataset.uid}/resources/{resource.uid}/versions/")
    assert all(v["id"] != str(held.uid) for v in api.json())


def test_an_unexpected_error_is_explained_in_french(make_dataset, quimper_editor, steps) -> None:
    resource = make_dataset().resources.get()
    steps.append(lambda work: 1 / 0)
    version = upload(quimper_editor, resource, b"x")
    pipeline.process(version.pk)
    version.refresh_from_db()
    assert version.status == "failed" and "précédente reste en ligne" in version.status_message


def test_versions_finishing_out_of_order_keep_the_newest_online(
    make_dataset, quimper_editor, steps
) -> None:
    resource = make_dataset().resources.get()
    second = upload(quimper_editor, resource, b"v2")
    third = upload(quimper_editor, resource, b"v3")
    pipeline.process(third.pk)
    pipeline.process(second.pk)
    resource.refresh_from_db()
    assert resource.current_version == third


def test_a_version_is_processed_once(make_dataset, quimper_editor, steps) -> None:
    resource = make_dataset().resources.get()
    calls = []
    steps.append(lambda work: calls.append(work.version.pk))
    version = upload(quimper_editor, resource, b"x")
    pipeline.process(version.pk)
    assert pipeline.process(version.pk) is None
    assert calls == [version.pk]


def test_the_page_follows_processing(make_dataset, quimper_editor, steps, client, demo, make_user):
    resource = make_dataset().resources.get()
    version = upload(quimper_editor, resource, b"x")
    url = f"/espace/versions/{version.uid}/etat/"
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(make_user(demo["brest"], "admin"))
    assert client.get(url).status_code == 404  # a version they may not see: nothing said of it
    client.force_login(quimper_editor)
    waiting = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in waiting and "Reçue" in waiting
    pipeline.process(version.pk)
    done = client.get(url).content.decode()
    assert "hx-trigger" not in done and "En ligne" in done


def test_an_interrupted_processing_is_requeued_then_failed(
    make_dataset, quimper_editor, steps, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    resource = make_dataset().resources.get()
    first = resource.current_version
    version = upload(quimper_editor, resource, b"a;b\n1;2\n")
    # A worker claimed it, then the machine stopped.
    long_ago = timezone.now() - timedelta(hours=1)
    ResourceVersion.objects.filter(pk=version.pk).update(
        status=ResourceVersion.Status.PROCESSING, heartbeat_at=long_ago, attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert workers.recover().requeued == [version.pk]
    version.refresh_from_db()
    assert version.status == ResourceVersion.Status.READY  # requeued, processed at once in tests
    # A file that stops the worker every time is failed after the third attempt.
    other = upload(quimper_editor, resource, b"a;b\n3;4\n")
    ResourceVersion.objects.filter(pk=other.pk).update(
        status=ResourceVersion.Status.PROCESSING, heartbeat_at=long_ago, attempts=3
    )
    assert workers.recover().failed == [other.pk]
    other.refresh_from_db()
    assert (
        other.status == ResourceVersion.Status.FAILED
        and "interrompu 3 fois" in other.status_message
    )
    resource.refresh_from_db()
    assert resource.current_version == version
    assert first.number == 1
    # A version still giving signs of life is left alone.
    live = upload(quimper_editor, resource, b"a;b\n5;6\n")
    ResourceVersion.objects.filter(pk=live.pk).update(
        status=ResourceVersion.Status.PROCESSING, heartbeat_at=timezone.now(), attempts=1
    )
    assert workers.recover() == workers.Recovery()
