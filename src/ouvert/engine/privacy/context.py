"""What stays publishable: organisations, public places and the people acting in public office.

Used by several detectors: a value naming an organisation or a public building is not a person; a
row carrying a SIRET, SIREN or RNA number describes an organisation; a column of elected
officials (élu, rapporteur, maire…) holds public names.
"""

from __future__ import annotations

import re

from ouvert.engine.privacy import cues
from ouvert.engine.privacy.base import Column, Table
from ouvert.engine.text import fold

# Legal forms, kinds of organisations and of public places, as folded words.
ORGANISATION_WORDS = frozenset(
    [
        "association",
        "associations",
        "asso",
        "assoc",
        "ass",
        "amicale",
        "amicales",
        "club",
        "clubs",
        "comite",
        "comites",
        "cercle",
        "union",
        "unions",
        "federation",
        "federations",
        "ligue",
        "ligues",
        "syndicat",
        "syndicats",
        "societe",
        "ste",
        "sarl",
        "sas",
        "sasu",
        "sa",
        "eurl",
        "sci",
        "scop",
        "scic",
        "snc",
        "gie",
        "gaec",
        "earl",
        "cuma",
        "sca",
        "selarl",
        "selas",
        "spa",
        "sem",
        "spl",
        "epic",
        "epci",
        "ep",
        "cie",
        "compagnie",
        "compagnies",
        "coop",
        "cooperative",
        "cooperatives",
        "mutuelle",
        "mutuelles",
        "fondation",
        "fondations",
        "fonds",
        "institut",
        "instituts",
        "groupement",
        "groupe",
        "groupes",
        "collectif",
        "collectifs",
        "ensemble",
        "orchestre",
        "chorale",
        "chorales",
        "harmonie",
        "fanfare",
        "troupe",
        "theatre",
        "theatres",
        "cinema",
        "cinemas",
        "festival",
        "festivals",
        "entreprise",
        "entreprises",
        "ets",
        "etablissement",
        "etablissements",
        "agence",
        "agences",
        "office",
        "offices",
        "bureau",
        "centre",
        "centres",
        "maison",
        "maisons",
        "foyer",
        "foyers",
        "residence",
        "ehpad",
        "ehpa",
        "ccas",
        "cias",
        "caf",
        "cpam",
        "crous",
        "mairie",
        "mairies",
        "commune",
        "communes",
        "ville",
        "villes",
        "village",
        "departement",
        "departemental",
        "departementale",
        "region",
        "regional",
        "regionale",
        "conseil",
        "metropole",
        "communaute",
        "agglomeration",
        "prefecture",
        "sous-prefecture",
        "etat",
        "ministere",
        "republique",
        "gouvernement",
        "tribunal",
        "police",
        "gendarmerie",
        "pompiers",
        "sdis",
        "hopital",
        "hopitaux",
        "clinique",
        "chu",
        "chr",
        "ch",
        "ars",
        "universite",
        "universites",
        "ecole",
        "ecoles",
        "college",
        "colleges",
        "lycee",
        "lycees",
        "creche",
        "creches",
        "halte",
        "garderie",
        "cfa",
        "greta",
        "academie",
        "rectorat",
        "bibliotheque",
        "mediatheque",
        "ludotheque",
        "musee",
        "musees",
        "archives",
        "conservatoire",
        "piscine",
        "gymnase",
        "stade",
        "stades",
        "complexe",
        "salle",
        "salles",
        "espace",
        "espaces",
        "parc",
        "parcs",
        "jardin",
        "jardins",
        "square",
        "cimetiere",
        "eglise",
        "chapelle",
        "temple",
        "mosquee",
        "synagogue",
        "cathedrale",
        "abbaye",
        "chateau",
        "zoo",
        "hotel",
        "marche",
        "halle",
        "halles",
        "port",
        "gare",
        "aeroport",
        "aerodrome",
        "camping",
        "plage",
        "base",
        "rue",
        "avenue",
        "boulevard",
        "bd",
        "place",
        "allee",
        "chemin",
        "impasse",
        "quai",
        "route",
        "cours",
        "passage",
        "square",
        "parvis",
        "rond-point",
        "esplanade",
        "promenade",
        "sentier",
        "voie",
        "lotissement",
        "zone",
        "za",
        "zac",
        "zi",
        "amis",
        "amies",
        "anciens",
        "parents",
        "eleves",
        "sportive",
        "sportif",
        "culturel",
        "culturelle",
        "loisirs",
        "football",
        "foot",
        "rugby",
        "basket",
        "handball",
        "tennis",
        "judo",
        "karate",
        "natation",
        "gym",
        "gymnastique",
        "danse",
        "musique",
        "musical",
        "musicale",
        "arts",
        "art",
        "peinture",
        "photo",
        "cyclisme",
        "velo",
        "cyclo",
        "randonnee",
        "marche",
        "boules",
        "petanque",
        "chasse",
        "peche",
        "ski",
        "golf",
        "equitation",
        "escrime",
        "aviron",
        "voile",
        "tir",
        "athletisme",
        "solidarite",
        "entraide",
        "secours",
        "emploi",
        "insertion",
        "formation",
        "education",
        "jeunesse",
        "jeunes",
        "seniors",
        "retraites",
        "aines",
        "sante",
        "prevention",
        "handicap",
        "social",
        "sociale",
        "sociaux",
        "environnement",
        "nature",
        "patrimoine",
        "histoire",
        "culture",
        "sports",
        "loisir",
        "animation",
        "animations",
        "fete",
        "fetes",
        "comite",
        "habitat",
        "logement",
        "immobiliere",
        "immobilier",
        "hlm",
        "opac",
        "opah",
        "sem",
        "banque",
        "credit",
        "caisse",
        "assurance",
        "assurances",
        "laboratoire",
        "pharmacie",
        "cabinet",
        "atelier",
        "ateliers",
        "studio",
        "restaurant",
        "cafe",
        "bar",
        "boulangerie",
        "garage",
        "transports",
        "transport",
        "services",
        "service",
        "communaute",
        "paroisse",
        "diocese",
        "scouts",
        "scoutisme",
        "eclaireurs",
        "mjc",
        "mpt",
        "fjt",
        "apf",
        "adapei",
        "unapei",
        "udaf",
        "croix",
        "rouge",
        "secours",
        "populaire",
        "catholique",
        "restos",
        "coeur",
        "ufcv",
        "fol",
        "usep",
        "ufolep",
        "ucpa",
        "st",
        "ste",
        "saint",
        "sainte",
        "notre",
        "dame",
        "ogec",
        "aep",
        "apel",
        "choeur",
        "comice",
        "agricole",
        "habitants",
        "quartier",
        "quartiers",
        "production",
        "productions",
        "editions",
        "edition",
        "pavillon",
        "rdc",
        "batiment",
        "gite",
        "auberge",
    ]
)
# Words that, inside a value, name a role in public office.
PUBLIC_TITLES = frozenset(
    [
        "maire",
        "adjoint",
        "adjointe",
        "conseiller",
        "conseillere",
        "president",
        "presidente",
        "vice-president",
        "vice-presidente",
        "depute",
        "deputee",
        "senateur",
        "senatrice",
        "ministre",
        "prefet",
        "prefete",
        "elu",
        "elue",
        "rapporteur",
        "rapporteure",
    ]
)
_WORD = re.compile(r"[0-9A-Za-zÀ-ÿ'’\-]+")
_ORG_ID = re.compile(r"^\s*(?:\d{9}|\d{14}|\d{3}\s?\d{3}\s?\d{3}(?:\s?\d{5})?|W\d{9})\s*$", re.I)


def folded_words(value: str) -> list[str]:
    return [fold(word).strip("'’-") for word in _WORD.findall(value)]


def looks_like_organisation(value: str) -> bool:
    """The value names an organisation, a public place or a public office."""
    words = folded_words(value)
    return any(word in ORGANISATION_WORDS or word in PUBLIC_TITLES for word in words)


def is_organisation_id(value: object) -> bool:
    return value is not None and bool(_ORG_ID.match(str(value)))


def public_role_column(column: Column) -> bool:
    """A column of elected officials or of the public body itself (its names are public)."""
    return column.cue(cues.PUBLIC_ROLE) or known_public_field(column)


def known_public_field(column: Column) -> bool:
    """SCDL fields naming public bodies, officials or aggregated first names."""
    return column.name.lower() in {
        "nomattribuant",
        "coll_nom",
        "collnom",
        "enfant_prenom",
        "enfantprenom",
        "commune_nom",
        "nom_commune",
        "libgeo",
    }


def organisation_id_columns(table: Table) -> list[Column]:
    """Columns holding SIRET, SIREN or RNA numbers (by header and values)."""

    def compute() -> list[Column]:
        found = []
        for column in table.columns.values():
            if column.as_text is None or column.sample_rows == 0:
                continue
            if column.cue(cues.ORGANISATION_ID) or column.name.lower() in {
                "idbeneficiaire",
                "rnabeneficiaire",
                "idattribuant",
            }:
                found.append(column)
                continue
            values = table.values(column, limit=200)
            ids = sum(count for value, count in values if is_organisation_id(value))
            total = sum(count for _, count in values)
            if total and ids / total >= 0.8 and column.cue(frozenset({"id", "identifiant"})):
                found.append(column)
        return found

    return table.memo("organisation_id_columns", compute)  # type: ignore[return-value]


# Header words of tables describing public places (équipements, ERP…).
PLACE_HEADERS = frozenset(
    {
        "erp",
        "installation",
        "installations",
        "equipement",
        "equipements",
        "cadastre",
        "defibrillateur",
        "defibrillateurs",
    }
)


def describes_places(table: Table) -> bool:
    """The table lists public places (équipements, ERP, defibrillators…) by its headers."""
    return any(column.cue(PLACE_HEADERS) for column in table.columns.values())


def describes_organisations(table: Table) -> bool:
    """The table's rows are organisations or public places (not private persons)."""

    def compute() -> bool:
        if describes_places(table):
            return True
        if any(
            column.name.lower() not in {"idattribuant"} for column in organisation_id_columns(table)
        ):
            return True
        for column in table.columns.values():
            if not column.is_text or column.is_free_text or column.sample_rows == 0:
                continue
            if not column.cue(
                frozenset(
                    {
                        "nom",
                        "designation",
                        "libelle",
                        "raison sociale",
                        "etablissement",
                        "structure",
                        "lieu",
                        "site",
                        "equipement",
                        "organisme",
                        "denomination",
                    }
                )
            ):
                continue
            values = table.values(column, limit=500)
            total = sum(count for _, count in values)
            orgs = sum(count for value, count in values if looks_like_organisation(value))
            if total and orgs / total >= 0.5:
                return True
        return False

    return bool(table.memo("describes_organisations", compute))
