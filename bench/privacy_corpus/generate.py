"""Files for evaluating the personal-data guard, written apart from it (it imports nothing of
src/ouvert/engine/privacy, and draws its people from other lists: names.py).

    generate(folder, seed) -> {file name: {column header: expected kind or ""}}

Each seed writes files about people (registrations, contacts, social aid, members, payments) and
ordinary open data (subsidies to associations, facilities, budgets, election results, council
deliberations, street addresses), in CSV, XLSX, JSON and GeoJSON, with telling headers or with
headers that say nothing (col1…, A, B…, English words), columns in shuffled order, names and
numbers in the forms people type them.
"""

from __future__ import annotations

import csv
import gzip
import json
import random
import unicodedata
from collections.abc import Callable
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from bench.privacy_corpus.names import first_name, surname

ROOT = Path(__file__).resolve().parents[2]
COMMUNES = ROOT / "src" / "ouvert" / "territory" / "data" / "referentiel" / "communes.json.gz"

# An expected kind per column; "" = nothing personal.
NAME, MAIL, PHONE, NIR, IBAN, CARD = (
    "nom_personne",
    "email",
    "telephone",
    "nir",
    "iban",
    "carte_bancaire",
)
BIRTH, ADDRESS, PLATE, IP = (
    "date_naissance",
    "adresse_personne",
    "plaque_immatriculation",
    "adresse_ip",
)

Column = tuple[str, str, Callable[[dict[str, object]], object]]  # header, kind, cell of a person

STREET_TYPES = ["rue", "avenue", "allée", "chemin", "impasse", "boulevard", "place", "route"]
STREET_NAMES = [
    "Victor Hugo", "Jean Jaurès", "des Tilleuls", "de la Gare", "du Stade", "Pasteur",
    "de Kerbriant", "des Lilas", "Émile Zola", "de la République", "du Moulin", "Jules Ferry",
    "des Écoles", "Charles de Gaulle", "de Brest", "du Port", "Georges Brassens", "des Mimosas",
]  # fmt: skip
MAIL_DOMAINS = [
    "gmail.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "hotmail.fr",
    "sfr.fr",
    "yahoo.fr",
]


@cache
def communes() -> list[tuple[str, str]]:
    with gzip.open(COMMUNES, "rt", encoding="utf-8") as handle:
        entries = json.load(handle)
    return [
        (entry["nom"], (entry.get("codesPostaux") or ["00000"])[0])
        for entry in entries
        if entry.get("type") == "commune-actuelle"
    ]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() or c in ".-").lower()


# --- identifiers, written with their own checksums ---------------------------------------------


def nir(rng: random.Random, born: date) -> str:
    department = rng.choice(["29", "35", "75", "13", "2A", "2B", "69", "59", "33", "22"])
    body = f"{rng.choice('12')}{born.year % 100:02d}{born.month:02d}{department}"
    body += f"{rng.randint(1, 990):03d}{rng.randint(1, 999):03d}"
    number = int(body.replace("2A", "19").replace("2B", "18"))
    key = 97 - number % 97
    text = f"{body}{key:02d}"
    if rng.random() < 0.4:
        text = " ".join(
            [text[0], text[1:3], text[3:5], text[5:7], text[7:10], text[10:13], text[13:]]
        )
    return text


def iban(rng: random.Random) -> str:
    bban = (
        f"{rng.randint(10000, 39999)}{rng.randint(0, 99999):05d}{rng.randint(0, 10**11 - 1):011d}"
    )
    rib = 97 - (89 * int(bban[:5]) + 15 * int(bban[5:10]) + 3 * int(bban[10:])) % 97
    bban += f"{rib:02d}"
    check = 98 - int(bban + "152700") % 97  # "FR00" moved to the end, letters as numbers
    text = f"FR{check:02d}{bban}"
    if rng.random() < 0.5:
        text = " ".join(text[i : i + 4] for i in range(0, len(text), 4))
    return text


def card(rng: random.Random) -> str:
    digits = [4] + [rng.randint(0, 9) for _ in range(14)]
    total = 0
    for index, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if index % 2 == 0 else digit
        total += doubled - 9 if doubled > 9 else doubled
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return " ".join(text[i : i + 4] for i in range(0, 16, 4)) if rng.random() < 0.5 else text


def phone(rng: random.Random, mobile: bool = True) -> str:
    first = rng.choice("67") if mobile else rng.choice("123459")
    pairs = [f"{rng.randint(0, 99):02d}" for _ in range(4)]
    style = rng.random()
    if style < 0.4:
        return f"0{first} " + " ".join(pairs)
    if style < 0.6:
        return f"0{first}" + "".join(pairs)
    if style < 0.75:
        return f"0{first}." + ".".join(pairs)
    if style < 0.9:
        return f"+33 {first} " + " ".join(pairs)
    return f"0{first}-" + "-".join(pairs)


def plate(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPQRSTVWXYZ"
    pick = "".join(rng.choice(letters) for _ in range(4))
    return f"{pick[:2]}-{rng.randint(1, 999):03d}-{pick[2:]}"


# --- people --------------------------------------------------------------------------------------


def person(rng: random.Random) -> dict[str, object]:
    first, last = first_name(rng), surname(rng)
    born = date(1932, 1, 1) + timedelta(days=rng.randint(0, 74 * 365))
    commune, postcode = rng.choice(communes())
    street = f"{rng.randint(1, 180)}{rng.choice(['', '', '', ' bis'])} {rng.choice(STREET_TYPES)} {rng.choice(STREET_NAMES)}"
    handle = (
        rng.choice(
            [
                f"{first}.{last}",
                f"{first[0]}{last}",
                f"{last}.{first}",
                f"{first}{rng.randint(1, 99)}",
            ]
        )
        if rng.random() < 0.7
        else rng.choice(["kiwi", "soleil", "zorro", "lapin", "bzh", "titou"])
        + str(rng.randint(1, 999))
    )
    return {
        "first": first,
        "last": last,
        "born": born,
        "commune": commune,
        "postcode": postcode,
        "street": street,
        "mail": f"{_ascii(handle.replace(' ', ''))}@{rng.choice(MAIL_DOMAINS)}",
        "private": rng.random() < 0.15,  # among associations, a private person
        "rng": rng,
    }


def written_surname(p: dict[str, object]) -> str:
    last = str(p["last"])
    return last.upper() if p["rng"].random() < 0.5 else last  # type: ignore[attr-defined]


def written_first(p: dict[str, object]) -> str:
    first = str(p["first"])
    draw = p["rng"].random()  # type: ignore[attr-defined]
    return first.upper() if draw < 0.15 else first.lower() if draw < 0.2 else first


def full_name(p: dict[str, object], style: str) -> str:
    first, last = str(p["first"]), str(p["last"])
    if style == "prenom NOM":
        return f"{first} {last.upper()}"
    if style == "NOM prenom":
        return f"{last.upper()} {first}"
    if style == "Nom, Prenom":
        return f"{last}, {first}"
    if style == "civilite":
        return f"{p['rng'].choice(['M.', 'Mme', 'Madame', 'Monsieur'])} {last}"  # type: ignore[attr-defined]
    return f"{first} {last}"


def born_text(p: dict[str, object], style: int) -> object:
    born = p["born"]
    assert isinstance(born, date)
    return [born.strftime("%d/%m/%Y"), born.isoformat(), born.strftime("%d-%m-%Y"), born][style % 4]


# Each layout: (file stem, telling headers) → columns of a person row.
def layouts(rng: random.Random) -> dict[str, list[Column]]:
    name_style = rng.choice(["prenom NOM", "NOM prenom", "Nom, Prenom", "Prenom Nom"])
    date_style = rng.randint(0, 3)
    amount = lambda p: f"{rng.randint(50, 5000)},{rng.randint(0, 99):02d}"  # noqa: E731
    return {
        "inscriptions": [
            ("Nom", NAME, written_surname),
            ("Prénom", NAME, written_first),
            ("Courriel", MAIL, lambda p: p["mail"]),
            ("Portable", PHONE, lambda p: phone(rng)),
            ("N° sécurité sociale", NIR, lambda p: nir(rng, p["born"])),  # type: ignore[arg-type]
            ("IBAN", IBAN, lambda p: iban(rng)),
            ("Date de naissance", BIRTH, lambda p: born_text(p, date_style)),
            ("Adresse", ADDRESS, lambda p: p["street"]),
            ("Commune", "", lambda p: p["commune"]),
            ("Montant", "", amount),
        ],
        "contacts": [
            ("Contact", NAME, lambda p: full_name(p, name_style)),
            ("Téléphone", PHONE, lambda p: phone(rng, rng.random() < 0.7)),
            ("Mail", MAIL, lambda p: p["mail"]),
            ("Adresse postale", ADDRESS, lambda p: f"{p['street']} {p['postcode']} {p['commune']}"),
            ("Quartier", "", lambda p: rng.choice(["Centre", "Nord", "Sud", "Bourg", "Port"])),
        ],
        "aides_sociales": [
            ("Bénéficiaire", NAME, lambda p: full_name(p, name_style)),
            ("NIR", NIR, lambda p: nir(rng, p["born"])),  # type: ignore[arg-type]
            ("RIB", IBAN, lambda p: iban(rng)),
            ("Date de décision", "", lambda p: (date(2023, 1, 1) + timedelta(days=rng.randint(0, 700))).isoformat()),
            ("Montant accordé", "", amount),
            ("Commune", "", lambda p: p["commune"]),
        ],
        "adherents": [
            ("Nom de famille", NAME, written_surname),
            ("Prénom", NAME, lambda p: p["first"]),
            ("Né le", BIRTH, lambda p: born_text(p, date_style)),
            ("Date d'adhésion", "", lambda p: (date(2015, 1, 1) + timedelta(days=rng.randint(0, 3000))).strftime("%d/%m/%Y")),
            ("Téléphone", PHONE, lambda p: phone(rng)),
            ("Domicile", ADDRESS, lambda p: p["street"]),
            ("Code postal", "", lambda p: p["postcode"]),
            ("Ville", "", lambda p: p["commune"]),
        ],
        "beneficiaires": [  # subsidies: mostly associations, a few private persons
            ("Nom du bénéficiaire", NAME, lambda p: full_name(p, name_style) if p["private"] else f"{rng.choice(ASSOCIATION_WORDS)} {p['commune']}"),
            ("Objet", "", lambda p: rng.choice(["Fonctionnement", "Aide exceptionnelle", "Projet"])),
            ("Montant", "", amount),
            ("Commune", "", lambda p: p["commune"]),
        ],
        "paiements": [
            ("Titulaire", NAME, lambda p: full_name(p, name_style)),
            ("Carte", CARD, lambda p: card(rng)),
            ("Véhicule", PLATE, lambda p: plate(rng)),
            ("Adresse IP", IP, lambda p: f"{rng.randint(2, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"),
            ("Montant", "", amount),
            ("Horodatage", "", lambda p: f"2024-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}T{rng.randint(10, 23)}:{rng.randint(10, 59)}:0{rng.randint(0, 9)}.075000"),
        ],
    }  # fmt: skip


HEADER_STYLES = ("telling", "colN", "letters", "english")
ENGLISH = {
    NAME: "name", MAIL: "contact_1", PHONE: "number", NIR: "ref", IBAN: "account", CARD: "pan",
    BIRTH: "d1", ADDRESS: "line1", PLATE: "vrm", IP: "host", "": "field",
}  # fmt: skip


def _headers(columns: list[Column], style: str) -> list[str]:
    if style == "telling":
        return [header for header, _, _ in columns]
    if style == "colN":
        return [f"col{i + 1}" for i in range(len(columns))]
    if style == "letters":
        return [chr(ord("A") + i) for i in range(len(columns))]
    return [f"{ENGLISH[kind]}_{i + 1}" for i, (_, kind, _) in enumerate(columns)]


# --- ordinary open data ----------------------------------------------------------------------------

ASSOCIATION_WORDS = [
    "Association",
    "Club",
    "Amicale",
    "Comité des fêtes de",
    "Union sportive de",
    "Les Amis de",
]
FAMOUS = [
    "Jean Moulin",
    "Victor Hugo",
    "Marie Curie",
    "Jules Ferry",
    "Pierre de Coubertin",
    "Louise Michel",
    "Jean Jaurès",
    "Simone Veil",
]


def ordinary(rng: random.Random) -> dict[str, tuple[list[str], list[list[object]]]]:
    """Open data with nothing personal in it (names of famous people in places' names)."""
    n = rng.randint(40, 160)
    towns = [rng.choice(communes()) for _ in range(n)]
    subsidies = (
        ["Bénéficiaire", "SIRET", "Objet", "Montant", "Date de la convention", "Commune"],
        [
            [
                f"{rng.choice(ASSOCIATION_WORDS)} {rng.choice([t[0], rng.choice(FAMOUS), 'la Vallée'])}",
                f"{rng.randint(10**13, 10**14 - 1)}",
                rng.choice(["Fonctionnement", "Projet jeunesse", "Festival d'été", "Équipement"]),
                rng.randint(200, 20000),
                (date(2022, 1, 1) + timedelta(days=rng.randint(0, 600))).isoformat(),
                t[0],
            ]
            for t in towns
        ],
    )
    facilities = (
        [
            "Nom",
            "Type",
            "Adresse",
            "Code postal",
            "Commune",
            "Téléphone",
            "Courriel",
            "Latitude",
            "Longitude",
        ],
        [
            [
                f"{kind} {rng.choice(FAMOUS)}",
                kind,
                f"{rng.randint(1, 90)} {rng.choice(STREET_TYPES)} {rng.choice(STREET_NAMES)}",
                t[1],
                t[0],
                phone(rng, mobile=False),
                rng.choice(["accueil", "mairie", "contact", "gymnase"])
                + "@"
                + _ascii(t[0])[:12]
                + ".fr",
                round(rng.uniform(42.5, 50.5), 6),
                round(rng.uniform(-4.5, 7.5), 6),
            ]
            for t in towns
            for kind in [
                rng.choice(["Gymnase", "École", "Piscine", "Salle", "Médiathèque", "Stade"])
            ]
        ],
    )
    budgets = (
        ["Exercice", "Chapitre", "Article", "Libellé", "Montant voté", "Réalisé"],
        [
            [2024, rng.choice(["011", "012", "65", "66", "21"]), f"60{rng.randint(10, 99)}",
             rng.choice(["Fournitures", "Énergie", "Subventions", "Travaux", "Personnel"]),
             rng.randint(1000, 10**6), f"{rng.randint(1000, 10**6)},{rng.randint(0, 99):02d}"]
            for _ in range(n)
        ],
    )  # fmt: skip
    candidates = [f"{first_name(rng)} {surname(rng).upper()}" for _ in range(4)]
    elections = (
        ["Code commune", "Commune", "Bureau", "Inscrits", "Votants", "Nom du candidat", "Voix"],
        [
            [rng.randint(10000, 95999), t[0], rng.randint(1, 12), ins, ins // 2, rng.choice(candidates), rng.randint(0, ins // 2)]
            for t in towns
            for ins in [rng.randint(300, 1500)]
        ],
    )  # fmt: skip
    deliberations = (
        ["Numéro", "Date de séance", "Objet", "Rapporteur", "Vote"],
        [
            [f"DEL-2024-{i:03d}", f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/2024",
             rng.choice(["Budget primitif", "Subvention au club de football", "Tarifs de la cantine"]),
             f"{first_name(rng)} {surname(rng).upper()}", rng.choice(["Adopté à l'unanimité", "Adopté"])]
            for i in range(n)
        ],
    )  # fmt: skip
    streets = (
        ["numero", "voie_nom", "code_postal", "commune_nom"],
        [[rng.randint(1, 200), f"{rng.choice(STREET_TYPES).capitalize()} {rng.choice(STREET_NAMES)}", t[1], t[0]] for t in towns],
    )  # fmt: skip
    return {
        "subventions": subsidies,
        "equipements": facilities,
        "budget": budgets,
        "elections": elections,
        "deliberations": deliberations,
        "adresses": streets,
    }


# --- writing ------------------------------------------------------------------------------------------

FORMATS = ("csv", "xlsx", "json", "geojson")


def _write(
    path: Path,
    header: list[str],
    rows: list[list[object]],
    points: list[tuple[float, float]] | None = None,
) -> None:
    if path.suffix == ".csv":
        delimiter = ";" if hash(path.name) % 2 else ","
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=delimiter)
            writer.writerow(header)
            writer.writerows(
                [[c.isoformat() if isinstance(c, date) else c for c in row] for row in rows]
            )
    elif path.suffix == ".xlsx":
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
    elif path.suffix == ".json":
        records = [
            {
                h: (c.isoformat() if isinstance(c, date) else c)
                for h, c in zip(header, row, strict=True)
            }
            for row in rows
        ]
        path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    else:
        features = [
            {
                "type": "Feature",
                "properties": {
                    h: (c.isoformat() if isinstance(c, date) else c)
                    for h, c in zip(header, row, strict=True)
                },
                "geometry": {"type": "Point", "coordinates": list(point)},
            }
            for row, point in zip(rows, points or [], strict=True)
        ]
        path.write_text(
            json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
            encoding="utf-8",
        )


def generate(folder: Path, seed: int) -> dict[str, dict[str, str]]:
    """Write one seed's files into `folder`; return the expected kind of every column."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    labels: dict[str, dict[str, str]] = {}
    for stem, columns in layouts(rng).items():
        columns = list(columns)
        rng.shuffle(columns)
        style = rng.choice(HEADER_STYLES)
        suffix = rng.choice(FORMATS)
        header = _headers(columns, style)
        people = [person(rng) for _ in range(rng.randint(12, 300))]
        for someone in people[:3]:
            someone["private"] = True
        rows = [[cell(p) for _, _, cell in columns] for p in people]
        # Points of homes: rounded to 1 km, so that only the named columns are at stake.
        points = [
            (round(rng.uniform(-4.5, 7.5), 2), round(rng.uniform(42.5, 50.5), 2)) for _ in rows
        ]
        name = f"s{seed}_{stem}_{style}.{suffix}"
        _write(folder / name, header, rows, points)
        labels[name] = {h: kind for h, (_, kind, _) in zip(header, columns, strict=True)}
    for stem, (header, rows) in ordinary(rng).items():
        suffix = rng.choice(FORMATS)
        points = [
            (round(rng.uniform(-4.5, 7.5), 5), round(rng.uniform(42.5, 50.5), 5)) for _ in rows
        ]
        name = f"s{seed}_{stem}.{suffix}"
        _write(folder / name, header, rows, points)
        labels[name] = dict.fromkeys(header, "")
    return labels
