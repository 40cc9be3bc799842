"""Generate the synthetic part of the labelled corpus (fixed seed, so the files are reproducible).

    .venv/bin/python tests/engine/privacy/corpus/generate.py [OUTPUT_FOLDER]

Fake people are drawn from the scanner's own open-data lexicons (first names, surnames); every
NIR, IBAN and card number carries a valid key. Negative controls: associations with SIRET and RNA,
elected officials in deliberations, public buildings with their service phones and functional
e-mails, SIRET/SIREN/INSEE codes, postcodes, amounts, event dates.
"""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parents[3] / "src" / "ouvert" / "engine" / "privacy" / "data"
ROWS = 300


def lexicon(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


FIRST = [name for name in lexicon("prenoms.txt") if len(name) > 2]
LAST = [name for name in lexicon("noms.txt") if len(name) > 2 and " " not in name]
STREETS = ["rue", "avenue", "boulevard", "allée", "chemin", "impasse", "place", "route"]
STREET_NAMES = [
    "des Lilas",
    "Victor Hugo",
    "de la Gare",
    "Jean Jaurès",
    "du Moulin",
    "des Écoles",
    "de la République",
    "Pasteur",
    "des Acacias",
    "du Stade",
    "Gambetta",
    "de Verdun",
]
COMMUNES = [
    ("Quimper", "29000", "29232"),
    ("Brest", "29200", "29019"),
    ("Dijon", "21000", "21231"),
    ("Tours", "37000", "37261"),
    ("Montpellier", "34000", "34172"),
    ("Ajaccio", "20000", "2A004"),
    ("Bastia", "20200", "2B033"),
]
ASSOCIATIONS = [
    "Association sportive de {c}",
    "Club de handball de {c}",
    "Comité des fêtes de {c}",
    "Amicale laïque de {c}",
    "Union musicale de {c}",
    "Les Amis du patrimoine de {c}",
    "Foyer rural de {c}",
    "ASSOCIATION CULTURELLE DE {C}",
    "CLUB DE JUDO {C}",
    "Société de chasse de {c}",
    "Chorale Saint-Michel",
    "Compagnie de théâtre Le Rideau",
    "SARL Boulangerie du Centre",
    "SAS Transports {C}",
    "Fédération des parents d'élèves",
]
BUILDINGS = [
    "Gymnase Pierre de Coubertin",
    "École Jean Jaurès",
    "Piscine Marie Curie",
    "Médiathèque Victor Hugo",
    "Stade Jean Bouin",
    "Collège Louise Michel",
    "Salle des fêtes",
    "Mairie annexe",
    "Complexe sportif Léo Lagrange",
    "Maison de quartier Jean Moulin",
    "Crèche Françoise Dolto",
    "Hôtel de Ville",
]
ELUS = [
    "Hélène MANDROUX",
    "Max LEVITA",
    "Jean-Pierre MOURE",
    "Annie YAGUE",
    "Michaël DELAFOSSE",
    "Nathalie COUTINHOT",
    "Serge FLEURENCE",
    "Chantal MARION",
]


def cap(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))


class Faker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def first(self) -> str:
        return cap(self.rng.choice(FIRST))

    def last(self) -> str:
        return self.rng.choice(LAST).upper()

    def full_name(self) -> str:
        first, last = self.first(), self.last()
        form = self.rng.randrange(6)
        return [
            f"{first} {last}",
            f"{last} {first}",
            f"{first} {last.capitalize()}",
            f"{'M.' if self.rng.random() < 0.5 else 'Mme'} {last}",
            f"{'Monsieur' if self.rng.random() < 0.5 else 'Madame'} {first} {last}",
            f"{first.upper()} {last}",
        ][form]

    def email(self, first: str, last: str) -> str:
        domain = self.rng.choice(
            [
                "gmail.com",
                "orange.fr",
                "free.fr",
                "laposte.net",
                "yahoo.fr",
                "hotmail.com",
                "wanadoo.fr",
                "sfr.fr",
            ]
        )
        local = self.rng.choice(
            [
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{last}{self.rng.randrange(99)}",
                f"{first}_{last}",
            ]
        )
        from unicodedata import normalize

        local = normalize("NFKD", local).encode("ascii", "ignore").decode().lower().replace(" ", "")
        return f"{local}@{domain}"

    def phone(self, form: int | None = None, mobile: bool | None = None) -> str:
        mobile = self.rng.random() < 0.6 if mobile is None else mobile
        first = self.rng.choice("67") if mobile else self.rng.choice("123459")
        digits = first + "".join(str(self.rng.randrange(10)) for _ in range(8))
        pairs = [digits[i : i + 2] for i in range(1, 9, 2)]
        form = self.rng.randrange(7) if form is None else form
        return [
            f"0{digits}",
            f"0{first} " + " ".join(pairs),
            f"0{first}." + ".".join(pairs),
            f"+33 {first} " + " ".join(pairs),
            f"+33{digits}",
            f"0033 {first} " + " ".join(pairs),
            f"0{first}-" + "-".join(pairs),
        ][form]

    def nir(self, spaced: bool | None = None) -> str:
        sex = self.rng.choice("12")
        year = f"{self.rng.randrange(100):02d}"
        month = f"{self.rng.randrange(1, 13):02d}"
        dept = self.rng.choice(["29", "21", "37", "75", "2A", "2B", "34", "13", "69"])
        commune = f"{self.rng.randrange(1, 990):03d}"
        order = f"{self.rng.randrange(1, 999):03d}"
        body = sex + year + month + dept + commune + order
        number = int(body.replace("2A", "19").replace("2B", "18"))
        key = f"{97 - number % 97:02d}"
        spaced = self.rng.random() < 0.5 if spaced is None else spaced
        if spaced:
            return f"{sex} {year} {month} {dept} {commune} {order} {key}"
        return body + key

    def iban(self, spaced: bool | None = None) -> str:
        bank = "".join(str(self.rng.randrange(10)) for _ in range(10))
        account = "".join(self.rng.choice("0123456789ABCDEFGHJK") for _ in range(11))
        bban = bank + account + f"{self.rng.randrange(100):02d}"
        check = 98 - int("".join(str(int(c, 36)) for c in bban + "FR00")) % 97
        iban = f"FR{check:02d}{bban}"
        spaced = self.rng.random() < 0.6 if spaced is None else spaced
        return " ".join(iban[i : i + 4] for i in range(0, 27, 4)) if spaced else iban

    def card(self) -> str:
        prefix = self.rng.choice(["4", "51", "53", "55", "2221", "4970"])
        body = prefix + "".join(str(self.rng.randrange(10)) for _ in range(15 - len(prefix)))
        for last in range(10):
            candidate = body + str(last)
            total = 0
            for i, char in enumerate(reversed(candidate)):
                value = int(char) * (2 if i % 2 else 1)
                total += value - 9 if value > 9 else value
            if total % 10 == 0:
                break
        form = self.rng.randrange(3)
        if form == 0:
            return candidate
        sep = " " if form == 1 else "-"
        return sep.join(candidate[i : i + 4] for i in range(0, 16, 4))

    def plate(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
        if self.rng.random() < 0.75:
            left = "".join(self.rng.choice(letters) for _ in range(2))
            right = "".join(self.rng.choice(letters) for _ in range(2))
            sep = self.rng.choice(["-", " ", ""])
            return f"{left}{sep}{self.rng.randrange(1, 1000):03d}{sep}{right}"
        return f"{self.rng.randrange(1, 9999)} {''.join(self.rng.choice(letters) for _ in range(self.rng.randrange(2, 4)))} {self.rng.choice(['29', '21', '75', '2A', '37'])}"

    def ip(self) -> str:
        if self.rng.random() < 0.8:
            return ".".join(str(self.rng.randrange(1, 255)) for _ in range(4))
        return ":".join(f"{self.rng.randrange(65536):x}" for _ in range(8))

    def birth(self) -> date:
        return date(1930, 1, 1) + timedelta(days=self.rng.randrange(365 * 85))

    def address(self) -> str:
        return f"{self.rng.randrange(1, 150)} {self.rng.choice(STREETS)} {self.rng.choice(STREET_NAMES)}"

    def siret(self) -> str:
        body = "".join(str(self.rng.randrange(10)) for _ in range(13))
        for last in range(10):
            candidate = body + str(last)
            total = 0
            for i, char in enumerate(reversed(candidate)):
                value = int(char) * (2 if i % 2 else 1)
                total += value - 9 if value > 9 else value
            if total % 10 == 0:
                return candidate
        return body + "0"


def write(
    folder: Path, name: str, header: list[str], rows: list[list[object]], delimiter: str = ";"
) -> None:
    with (folder / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def personnes(f: Faker) -> list[list[object]]:
    rows = []
    for _ in range(ROWS):
        first, last = f.first(), f.last()
        born = f.birth()
        commune, postcode, _ = f.rng.choice(COMMUNES)
        rows.append(
            [
                f.rng.choice(["M.", "Mme"]),
                last,
                first,
                f.email(first, last),
                f.phone(),
                born.strftime("%d/%m/%Y"),
                (date(2024, 1, 1) - born).days // 365,
                f.address(),
                postcode,
                commune,
                f"{43 + f.rng.random() * 5:.6f}",
                f"{-4 + f.rng.random() * 8:.6f}",
            ]
        )
    return rows


def generate(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    f = Faker(20240601)
    write(
        folder,
        "gen_personnes_contacts.csv",
        [
            "Civilité",
            "Nom",
            "Prénom",
            "Courriel",
            "Téléphone",
            "Date de naissance",
            "Âge",
            "Adresse",
            "Code postal",
            "Commune",
            "Latitude",
            "Longitude",
        ],
        personnes(f),
    )
    rows = []
    for i in range(ROWS):
        rows.append(
            [
                f"AS-{2024}-{i:04d}",
                f.full_name(),
                f.nir(),
                f.iban(),
                f"{f.rng.randrange(50, 3000)},{f.rng.randrange(100):02d}",
                (date(2024, 1, 1) + timedelta(days=f.rng.randrange(365))).isoformat(),
            ]
        )
    write(
        folder,
        "gen_aides_sociales.csv",
        ["Dossier", "Bénéficiaire", "N° sécurité sociale", "IBAN", "Montant", "Date de décision"],
        rows,
    )
    rows = []
    for i in range(ROWS):
        first, last = f.first(), f.last()
        rows.append(
            [
                f"CMD{i:06d}",
                f"{first} {last.capitalize()}",
                f.card(),
                f.plate(),
                f.ip(),
                (date(2023, 1, 1) + timedelta(days=f.rng.randrange(700))).isoformat(),
                f"{f.rng.randrange(5, 500)}.{f.rng.randrange(100):02d}",
            ]
        )
    write(
        folder,
        "gen_stationnement_paiements.csv",
        ["Référence", "Titulaire", "Numéro de carte", "Véhicule", "Adresse IP", "Date", "Montant"],
        rows,
    )
    # One column per written form, to measure each form's recall.
    rows = []
    for _ in range(ROWS):
        first, last = f.first(), f.last()
        rows.append(
            [
                *(f.phone(form=k) for k in range(7)),
                f.nir(spaced=False),
                f.nir(spaced=True),
                f.iban(spaced=False),
                f.iban(spaced=True),
                f.email(first, last).upper(),
                f.email(first, last),
                f"{first} {last}",
                f"{last} {first}",
            ]
        )
    write(
        folder,
        "gen_formes.csv",
        [
            "tel_compact",
            "tel_espaces",
            "tel_points",
            "tel_plus33",
            "tel_plus33_compact",
            "tel_0033",
            "tel_tirets",
            "nir_compact",
            "nir_espaces",
            "iban_compact",
            "iban_espaces",
            "email_majuscules",
            "mail",
            "nom_complet",
            "nom_prenom",
        ],
        rows,
        delimiter=",",
    )
    # Free text mentioning people, among ordinary remarks.
    remarks = [
        "Dépôt sauvage constaté près du conteneur",
        "Lampadaire en panne depuis lundi",
        "Nid de poule dangereux au croisement",
        "Graffiti sur le mur de l'école",
        "Branches tombées sur la chaussée après la tempête",
    ]
    rows = []
    for i in range(ROWS):
        first, last = f.first(), f.last()
        text = f.rng.choice(remarks)
        kind = i % 4
        if kind == 0:
            text += f", signalé par {first} {last} ({f.email(first, last)})"
        elif kind == 1:
            text += f", rappeler {f.rng.choice(['M.', 'Mme'])} {last.capitalize()} au {f.phone()}"
        elif kind == 2:
            text += f". Véhicule {f.rng.choice(['AB', 'FG', 'KL'])}-{100 + i % 800}-CD stationné devant."
        rows.append(
            [
                f"S{i:05d}",
                f.rng.choice(["Centre", "Nord", "Gare", "Port"]),
                text,
                (date(2024, 1, 1) + timedelta(days=f.rng.randrange(300))).isoformat(),
            ]
        )
    write(folder, "gen_signalements.csv", ["Numéro", "Quartier", "Description", "Date"], rows)
    # Negative controls.
    rows = []
    for i in range(ROWS):
        commune, postcode, insee = f.rng.choice(COMMUNES)
        name = f.rng.choice(ASSOCIATIONS).format(c=commune, C=commune.upper())
        rows.append(
            [
                "Ville de " + commune,
                "21290232200019",
                f"2024-{1 + i % 12:02d}-15",
                f"DEL-2024-{i:03d}",
                name,
                f.siret(),
                f"W{f.rng.randrange(10**9):09d}" if f.rng.random() < 0.7 else "",
                "Fonctionnement annuel",
                f"{f.rng.randrange(100, 50000)}.00",
                "aide en numéraire",
                f.phone(mobile=False, form=1),
                f"contact@{commune.lower()}-asso.fr",
            ]
        )
    write(
        folder,
        "gen_subventions_associations.csv",
        [
            "nomAttribuant",
            "idAttribuant",
            "dateConvention",
            "referenceDecision",
            "nomBeneficiaire",
            "idBeneficiaire",
            "rnaBeneficiaire",
            "objet",
            "montant",
            "nature",
            "telephone",
            "courriel",
        ],
        rows,
        delimiter=",",
    )
    rows = []
    for i in range(ROWS):
        elu = f.rng.choice(ELUS)
        rows.append(
            [
                i + 1,
                elu,
                f.rng.choice(ELUS),
                f"Attribution d'une subvention au comité des fêtes, rapport de {elu}",
                f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                f.rng.randrange(20, 40),
                f.rng.randrange(0, 5),
            ]
        )
    write(
        folder,
        "gen_deliberations.csv",
        [
            "Numéro",
            "Élu rapporteur",
            "Adjoint délégué",
            "Objet de la délibération",
            "Date de séance",
            "Vote pour",
            "Vote contre",
        ],
        rows,
    )
    rows = []
    for i in range(ROWS):
        commune, postcode, insee = f.rng.choice(COMMUNES)
        rows.append(
            [
                f.rng.choice(BUILDINGS) + f" {commune}" * (i % 2),
                f.address(),
                postcode,
                insee,
                f.phone(mobile=False, form=f.rng.randrange(3)),
                f"{f.rng.choice(['accueil', 'mairie', 'contact', 'sports'])}@ville-{commune.lower()}.fr",
                f"{43 + f.rng.random() * 5:.6f}",
                f"{-4 + f.rng.random() * 8:.6f}",
            ]
        )
    write(
        folder,
        "gen_equipements_publics.csv",
        [
            "Nom de l'équipement",
            "Adresse",
            "Code postal",
            "Code INSEE",
            "Téléphone",
            "Courriel",
            "Latitude",
            "Longitude",
        ],
        rows,
    )
    rows = []
    for _ in range(ROWS):
        siret = f.siret()
        rows.append(
            [
                siret,
                siret[:9],
                f.rng.choice(COMMUNES)[2],
                f.rng.choice(COMMUNES)[1],
                f"{f.rng.randrange(1, 10**6)},{f.rng.randrange(100):02d}",
                "".join(str(f.rng.randrange(10)) for _ in range(16)),
                (date(2024, 1, 1) + timedelta(days=f.rng.randrange(300))).strftime("%d/%m/%Y"),
                f"{f.rng.randrange(1, 4)}.{f.rng.randrange(1, 10)}.{f.rng.randrange(0, 20)}",
                f"{f.rng.randrange(0, 24):02d}:{f.rng.randrange(60):02d}:00",
            ]
        )
    write(
        folder,
        "gen_codes_montants.csv",
        [
            "SIRET",
            "SIREN",
            "Code commune",
            "Code postal",
            "Montant",
            "Numéro de facture",
            "Date de l'événement",
            "Version",
            "Heure",
        ],
        rows,
    )
    # Subsidies where a few beneficiaries are individuals (no SIRET nor RNA on their rows).
    rows = []
    for i in range(ROWS):
        commune, _, _ = f.rng.choice(COMMUNES)
        if i % 7 == 0:
            first, last = f.first(), f.last()
            rows.append(
                [
                    f"{f.rng.choice(['M.', 'Mme'])} {first} {last}",
                    "",
                    "",
                    f"{f.rng.randrange(100, 900)}",
                ]
            )
        else:
            rows.append(
                [
                    f.rng.choice(ASSOCIATIONS).format(c=commune, C=commune.upper()),
                    f.siret(),
                    f"W{f.rng.randrange(10**9):09d}",
                    f"{f.rng.randrange(100, 90000)}",
                ]
            )
    write(
        folder,
        "gen_subventions_mixtes.csv",
        ["nomBeneficiaire", "idBeneficiaire", "rnaBeneficiaire", "montant"],
        rows,
        delimiter=",",
    )


if __name__ == "__main__":
    generate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
