"""The demo's datasets: real files published by French collectivités, with their attribution."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from ouvert.accounts.models import User
from ouvert.catalog import services
from ouvert.catalog.models import Dataset
from ouvert.publishing import services as publishing
from ouvert.territory.models import Organisation, Territory
from ouvert.validation import registry

FILES = Path(__file__).parent / "data" / "demo"


@dataclass(frozen=True)
class DemoDataset:
    slug: str
    organisation: str  # key of load_demo_territory()'s result, or an organisation slug
    title: str
    description: str
    files: tuple[tuple[str, str], ...]  # (file name, resource title)
    source: str
    themes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    spatial: tuple[tuple[str, str], ...] = ()
    frequency: str = "UNKNOWN"
    licence: str = "lov2"
    licence_reason: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    schemas: dict[str, str] = field(default_factory=dict)  # file name → declared schema


def _attribution(source: str) -> str:
    return (
        f"\n\n*Données de démonstration : fichier réel publié par {source}, attribué ici à une "
        "organisation du Finistère pour montrer la plateforme.*"
    )


DEMO_DATASETS = (
    DemoDataset(
        "contours-des-communes-du-finistere",
        "departement",
        "Contours des communes du Finistère",
        "Limites administratives simplifiées des 277 communes du Finistère, avec leur code INSEE.",
        (("communes-29-finistere.geojson", "Contours des communes (GeoJSON)"),),
        "l'IGN (Admin Express)",
        themes=("REGI",),
        keywords=("limites administratives", "communes", "cartographie"),
        spatial=(("departement", "29"),),
        frequency="ANNUAL",
    ),
    DemoDataset(
        "subventions-aux-associations",
        "departement",
        "Subventions aux associations",
        "Subventions versées par le Département aux associations : bénéficiaire, objet, montant "
        "et date de la décision.",
        (
            (
                "cd44_224400028_subventions-aux-associations-du-departement-de-loire-atlantique.csv",
                "Subventions versées (CSV)",
            ),
            ("cd53_data.gouv-cd53-21-12-2018.xlsx", "Subventions 2018 (tableur)"),
        ),
        "les Départements de Loire-Atlantique et de la Mayenne",
        themes=("ECON", "SOCI"),
        keywords=("subventions", "associations", "vie associative"),
        spatial=(("departement", "29"),),
        frequency="ANNUAL",
        schemas={"cd53_data.gouv-cd53-21-12-2018.xlsx": "scdl/subventions"},
    ),
    DemoDataset(
        "budget-primitif",
        "qbo",
        "Budget primitif",
        "Le budget primitif voté par le conseil communautaire, par chapitre et par nature.",
        (("montpellier_VilleMTP_MTP_BudgetPri_2014.csv", "Budget primitif 2014"),),
        "la Ville de Montpellier",
        themes=("ECON", "GOVE"),
        keywords=("budget", "finances publiques"),
        spatial=(("epci", "200068120"),),
        frequency="ANNUAL",
    ),
    DemoDataset(
        "defibrillateurs",
        "quimper",
        "Défibrillateurs automatisés externes",
        "Emplacement des défibrillateurs (DAE) accessibles au public dans les bâtiments de la "
        "ville, avec leur adresse et leurs coordonnées.",
        (("montpellier_VilleMTP_MTP_Defibrillateurs.csv", "Défibrillateurs (CSV)"),),
        "la Ville de Montpellier",
        themes=("HEAL",),
        keywords=("santé", "défibrillateurs", "DAE"),
        spatial=(("commune", "29232"),),
        frequency="IRREG",
    ),
    DemoDataset(
        "equipements-sportifs",
        "quimper",
        "Équipements sportifs",
        "Gymnases, stades, piscines et terrains de sport de la ville, avec leur type et leur "
        "adresse.",
        (("montpellier_VilleMTP_MTP_EquipementSportif_2012.ods", "Équipements sportifs (ODS)"),),
        "la Ville de Montpellier",
        themes=("EDUC",),
        keywords=("sport", "équipements"),
        spatial=(("commune", "29232"),),
        frequency="ANNUAL",
    ),
    DemoDataset(
        "fontaines",
        "quimper",
        "Fontaines publiques",
        "Fontaines à boire de l'espace public (points géographiques).",
        (("montpellier_VilleMTP_MTP_Fontaines.geojson", "Fontaines (GeoJSON)"),),
        "la Ville de Montpellier",
        themes=("ENVI",),
        keywords=("eau", "fontaines"),
        spatial=(("commune", "29232"),),
    ),
    DemoDataset(
        "prenoms-des-nouveau-nes",
        "quimper",
        "Prénoms des nouveau-nés",
        "Les prénoms donnés aux enfants nés dans la commune, avec leur nombre.",
        (("montpellier_VilleMTP_MTP_Prenoms.csv", "Prénoms (CSV)"),),
        "la Ville de Montpellier",
        themes=("SOCI",),
        keywords=("état civil", "prénoms"),
        spatial=(("commune", "29232"),),
        frequency="ANNUAL",
    ),
    DemoDataset(
        "resultats-electoraux-par-bureau-de-vote",
        "quimper",
        "Résultats électoraux par bureau de vote",
        "Résultats des élections municipales par bureau de vote : inscrits, votants, voix par "
        "liste.",
        (("marseille_complet_par_bureaux.csv", "Municipales, résultats par bureau"),),
        "la Ville de Marseille",
        themes=("GOVE",),
        keywords=("élections",),
        spatial=(("commune", "29232"),),
        frequency="NEVER",
    ),
    DemoDataset(
        "arbres-d-alignement",
        "brest",
        "Arbres d'alignement (extrait)",
        "Arbres des rues et des parcs : espèce, hauteur, circonférence, localisation.",
        (("paris_les-arbres_extrait.csv", "Arbres (extrait CSV)"),),
        "la Ville de Paris",
        themes=("ENVI",),
        keywords=("arbres", "patrimoine arboré", "nature en ville"),
        spatial=(("epci", "242900314"),),
        licence="odc-odbl",
        licence_reason="Le fichier d'origine est publié sous ODbL, qui s'impose à ses dérivés.",
    ),
    DemoDataset(
        "base-adresse-locale",
        "commune-29134",
        "Base Adresse Locale",
        "Les adresses de la commune (voies, numéros, positions), au format Base Adresse Locale.",
        (("strasbourg_bal_sample.csv", "Base Adresse Locale (CSV)"),),
        "la Ville de Strasbourg",
        themes=("REGI",),
        keywords=("adresses", "BAL"),
        spatial=(("commune", "29134"),),
        frequency="MONTHLY",
    ),
)


def load_demo_datasets(organisations: dict[str, Organisation], actor: User) -> list[Dataset]:
    """Publish the demo datasets that do not exist yet; existing ones are left alone."""
    created = []
    registry.ensure()
    for demo in DEMO_DATASETS:
        if Dataset.objects.filter(slug=demo.slug).exists():
            continue
        organisation = organisations.get(demo.organisation) or Organisation.objects.get(
            slug=demo.organisation
        )
        with transaction.atomic():
            dataset = services.create_dataset(
                actor,
                organisation,
                slug=demo.slug,
                title=demo.title,
                description=demo.description + _attribution(demo.source),
                licence=demo.licence,
                licence_reason=demo.licence_reason,
                frequency=demo.frequency,
                keywords=demo.keywords,
                themes=demo.themes,
                spatial=[Territory.objects.get(kind=k, code=c) for k, c in demo.spatial],
            )
            for filename, title in demo.files:
                with (FILES / filename).open("rb") as handle:
                    publishing.upload_resource(
                        actor,
                        dataset,
                        handle,
                        filename,
                        title=title,
                        schema=demo.schemas.get(filename, ""),
                    )
            services.publish_dataset(actor, dataset)
        created.append(dataset)
    return created
