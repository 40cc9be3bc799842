"""Column-name cues: a header is evidence, never the only evidence."""

from __future__ import annotations

import re

from ouvert.engine.text import fold

_CAMEL = re.compile(r"(?<=[a-zà-ÿ])(?=[A-Z])")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


def header_words(*names: str) -> list[str]:
    """Folded words of a header: "nomBeneficiaire" → ["nom", "beneficiaire"]."""
    words: list[str] = []
    for name in names:
        if not name:
            continue
        spaced = _CAMEL.sub(" ", name)
        more = [word for word in _SEPARATORS.split(fold(spaced)) if word]
        if more != words:
            words.extend(more)
    return words


def has_cue(words: list[str], cues: frozenset[str]) -> bool:
    """True when one cue (a word, or words joined by spaces) appears in the header."""
    joined = " " + " ".join(words) + " "
    return any((" " + cue + " ") in joined for cue in cues)


EMAIL = frozenset({"mail", "email", "courriel", "e mail", "mel", "adresse electronique"})
PHONE = frozenset(
    {"tel", "telephone", "tél", "portable", "mobile", "gsm", "phone", "fax", "num tel"}
)
NIR = frozenset({"nir", "secu", "securite sociale", "numero ss", "insee personne"})
IBAN = frozenset({"iban", "rib", "compte bancaire", "bic"})
CARD = frozenset({"carte bancaire", "cb", "card", "numero de carte", "carte"})
FIRST_NAME = frozenset({"prenom", "prenoms", "firstname", "first name", "given name"})
SURNAME = frozenset(
    {"nom", "noms", "nom de famille", "patronyme", "lastname", "last name", "surname"}
)
PERSON = frozenset(
    {
        "personne",
        "beneficiaire",
        "demandeur",
        "agent",
        "contact",
        "responsable",
        "titulaire",
        "proprietaire",
        "locataire",
        "habitant",
        "eleve",
        "patient",
        "declarant",
        "usager",
        "adherent",
        "representant",
        "auteur",
        "salarie",
        "identite",
        "civilite",
        "name",
        "full name",
    }
)
# Roles whose holders' names are public (elected officials and their acts).
PUBLIC_ROLE = frozenset(
    {
        "elu",
        "elue",
        "elus",
        "elues",
        "elu s",
        "rapporteur",
        "rapporteurs",
        "maire",
        "adjoint",
        "adjointe",
        "adjoints",
        "conseiller",
        "conseillere",
        "conseillers",
        "president",
        "presidente",
        "vice president",
        "depute",
        "deputee",
        "senateur",
        "senatrice",
        "candidat",
        "candidate",
        "candidats",
        "tete de liste",
        "delegue",
        "secretaire de seance",
        "ordonnateur",
        "ministre",
        "prefet",
        "signataire",
        "coll nom",
        "attribuant",
        "nom attribuant",
        "elu referent",
    }
)
BIRTH = frozenset(
    {
        "naissance",
        "ne le",
        "nee le",
        "date naiss",
        "datenaiss",
        "date de naiss",
        "naiss",
        "ddn",
        "birth",
        "birthdate",
        "birthday",
        "dob",
    }
)
AGE = frozenset({"age", "ages"})
ADDRESS = frozenset(
    {
        "adresse",
        "adresses",
        "adr",
        "adr1",
        "adr2",
        "rue",
        "voie",
        "domicile",
        "residence",
        "address",
        "adresse postale",
        "lieu adresse",
    }
)
PLATE = frozenset({"immatriculation", "immat", "plaque", "plaques", "vehicule"})
IP = frozenset({"ip", "adresse ip", "ipv4", "ipv6", "ip address"})
LATITUDE = frozenset({"lat", "latitude", "y", "coord y", "coordy"})
LONGITUDE = frozenset({"lon", "lng", "long", "longitude", "x", "coord x", "coordx"})
POINT = frozenset({"geo point", "geo point 2d", "geopoint", "coordonnees", "coords", "position"})
ORGANISATION_ID = frozenset(
    {"siret", "siren", "rna", "id beneficiaire", "identification du beneficiaire", "numero rna"}
)
