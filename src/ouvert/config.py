"""Read ouvert's configuration from OUVERT_* environment variables.

Every setting a deployer may change is read here, with a safe production default, so that
`docs/configuration.md` (checked by a test) can list them all.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Known, public: only ever accepted when OUVERT_MODE is "demo" or "test".
DEMO_SECRET_KEY = "ouvert-demo-secret-key-never-use-in-production-0123456789abcdef"  # noqa: S105

MODES = ("production", "demo", "test")


@dataclass(frozen=True)
class Variable:
    """One documented environment variable."""

    name: str
    default: str
    help: str


VARIABLES: dict[str, Variable] = {}


def declare(name: str, default: str, help: str) -> Variable:
    """Register a variable so that the documentation test sees it."""
    variable = Variable(name, default, help)
    VARIABLES[name] = variable
    return variable


def read(variable: Variable) -> str:
    """The variable's value, or its default."""
    return os.environ.get(variable.name, variable.default)


def read_bool(variable: Variable) -> bool:
    """A boolean variable: 1/true/yes/oui/on are true."""
    return read(variable).strip().lower() in {"1", "true", "yes", "oui", "on"}


def read_list(variable: Variable) -> list[str]:
    """A comma-separated variable."""
    return [item.strip() for item in read(variable).split(",") if item.strip()]


def read_int(variable: Variable) -> int:
    """An integer variable, refused loudly when it is not one."""
    raw = read(variable)
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{variable.name} doit être un entier, pas {raw!r}.") from error


MODE = declare(
    "OUVERT_MODE",
    "production",
    "`production` (défaut), `demo` (secret de démonstration accepté, courriels affichés dans la "
    "console) ou `test`.",
)
SECRET_KEY = declare(
    "OUVERT_SECRET_KEY",
    "",
    "Clé secrète de Django, au moins 50 caractères aléatoires. Obligatoire en production.",
)
DEBUG = declare("OUVERT_DEBUG", "false", "Mode débogage de Django. Jamais en production.")
DATA_DIR = declare(
    "OUVERT_DATA_DIR",
    "var",
    "Dossier des données locales : base SQLite, fichiers déposés, Parquet, fichiers statiques.",
)
DATABASE_URL = declare(
    "OUVERT_DATABASE_URL",
    "",
    "Base de métadonnées, par exemple `postgres://user:mdp@hôte:5432/ouvert`. "
    "Par défaut : SQLite dans `OUVERT_DATA_DIR/ouvert.sqlite3`.",
)
ALLOWED_HOSTS = declare(
    "OUVERT_ALLOWED_HOSTS",
    "localhost,127.0.0.1,[::1]",
    "Noms d'hôte acceptés en plus des domaines déclarés par les portails (séparés par des "
    "virgules).",
)
HTTPS = declare(
    "OUVERT_HTTPS",
    "true",
    "La plateforme est servie en HTTPS : cookies sécurisés, HSTS. `false` seulement derrière "
    "un réseau de confiance.",
)
PROXY_SSL_HEADER = declare(
    "OUVERT_PROXY_SSL_HEADER",
    "",
    "En-tête posé par le proxy inverse pour signaler HTTPS, par exemple `X-Forwarded-Proto`.",
)
ACCEL_REDIRECT = declare(
    "OUVERT_ACCEL_REDIRECT",
    "",
    "Préfixe d'un emplacement interne de nginx qui donne accès au dossier de données, par "
    "exemple `/_fichiers/` : une fois l'accès vérifié, ouvert répond `X-Accel-Redirect` et "
    "nginx envoie le fichier lui-même. Vide : ouvert envoie les fichiers.",
)
CSRF_TRUSTED_ORIGINS = declare(
    "OUVERT_CSRF_TRUSTED_ORIGINS",
    "",
    "Origines de confiance pour les formulaires (séparées par des virgules).",
)
EMAIL_HOST = declare(
    "OUVERT_EMAIL_HOST",
    "",
    "Serveur SMTP. Vide : les courriels sont écrits dans le journal du serveur.",
)
EMAIL_PORT = declare("OUVERT_EMAIL_PORT", "587", "Port SMTP.")
EMAIL_USER = declare("OUVERT_EMAIL_USER", "", "Utilisateur SMTP.")
EMAIL_PASSWORD = declare("OUVERT_EMAIL_PASSWORD", "", "Mot de passe SMTP.")
EMAIL_USE_TLS = declare("OUVERT_EMAIL_USE_TLS", "true", "STARTTLS vers le serveur SMTP.")
DEFAULT_FROM_EMAIL = declare(
    "OUVERT_DEFAULT_FROM_EMAIL", "ne-pas-repondre@ouvert.localhost", "Expéditeur des courriels."
)
TASKS_BACKEND = declare(
    "OUVERT_TASKS_BACKEND",
    "database",
    "`database` : tâches en base, exécutées par `ouvert worker` ; `immediate` : exécutées "
    "pendant la requête (tests).",
)
WEB_CONCURRENCY = declare(
    "OUVERT_WEB_CONCURRENCY", "3", "Nombre de processus web lancés par `ouvert serve`."
)
LOG_LEVEL = declare("OUVERT_LOG_LEVEL", "INFO", "Niveau de journalisation.")
MAX_UPLOAD_SIZE = declare(
    "OUVERT_MAX_UPLOAD_SIZE", str(20 * 1024**3), "Taille maximale d'un fichier déposé (octets)."
)
MAX_DECOMPRESSED_SIZE = declare(
    "OUVERT_MAX_DECOMPRESSED_SIZE",
    str(4 * 1024**3),
    "Taille maximale, une fois décompressé, du contenu d'une archive ou d'un classeur (octets).",
)
MAX_COMPRESSION_RATIO = declare(
    "OUVERT_MAX_COMPRESSION_RATIO",
    "100",
    "Rapport maximal entre taille décompressée et taille compressée d'une archive (au-delà de "
    "10 Mo décompressés) : protège des « bombes de décompression ».",
)
MAX_CELL_LENGTH = declare(
    "OUVERT_MAX_CELL_LENGTH", "100000", "Nombre maximal de caractères dans une cellule."
)
MAX_COLUMNS = declare("OUVERT_MAX_COLUMNS", "1000", "Nombre maximal de colonnes d'un tableau.")
MAP_TILES = declare(
    "OUVERT_MAP_TILES",
    "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    "Adresse des tuiles raster du fond de carte des aperçus ({z}/{x}/{y}).",
)
MAP_ATTRIBUTION = declare(
    "OUVERT_MAP_ATTRIBUTION",
    "© les contributeurs d'OpenStreetMap",
    "Mention du fond de carte, affichée sur chaque carte.",
)
INGEST_MEMORY = declare(
    "OUVERT_INGEST_MEMORY",
    "1GB",
    "Mémoire que DuckDB peut utiliser pour lire un fichier (au-delà, il écrit sur disque).",
)

OUTBOUND_ALLOWED_HOSTS = declare(
    "OUVERT_OUTBOUND_ALLOWED_HOSTS",
    "",
    "Hôtes (`hôte` ou `hôte:port`, séparés par des virgules) que le moissonnage peut contacter "
    "même s'ils sont sur une adresse privée ou locale. Vide : seules les adresses publiques.",
)
OUTBOUND_TIMEOUT = declare(
    "OUVERT_OUTBOUND_TIMEOUT",
    "30",
    "Délai (secondes) accordé à un portail distant pour se connecter ou envoyer la suite d'une "
    "réponse ; une réponse entière doit arriver en dix fois ce délai.",
)
OUTBOUND_MAX_SIZE = declare(
    "OUVERT_OUTBOUND_MAX_SIZE",
    str(50 * 1024**2),
    "Taille maximale d'une page de catalogue distant (octets) : la lecture s'arrête au-delà.",
)


def mode() -> str:
    """The running mode, refused loudly when unknown."""
    value = read(MODE).strip().lower()
    if value not in MODES:
        raise ImproperlyConfigured(
            f"OUVERT_MODE={value!r} est inconnu : choisir parmi {', '.join(MODES)}."
        )
    return value


def secret_key(current_mode: str) -> str:
    """The secret key; in production, refuse the demo key, a missing key or a short one."""
    key = read(SECRET_KEY)
    if current_mode in {"demo", "test"}:
        return key or DEMO_SECRET_KEY
    if not key or key == DEMO_SECRET_KEY:
        raise ImproperlyConfigured(
            "\n\n  *** REFUS DE DÉMARRER ***\n"
            "  ouvert tourne en mode production sans clé secrète propre.\n"
            "  Définissez OUVERT_SECRET_KEY (au moins 50 caractères aléatoires, par exemple :\n"
            "  python -c 'import secrets; print(secrets.token_urlsafe(64))')\n"
            "  ou lancez la démonstration avec `ouvert demo`.\n"
        )
    if len(key) < 50:
        raise ImproperlyConfigured(
            "OUVERT_SECRET_KEY est trop courte : il faut au moins 50 caractères aléatoires."
        )
    return key


# Written by `ouvert demo` into its data folder: the `ouvert` command run later without any
# configuration (from the checkout, after `make demo`) then acts on the demo.
DEMO_MARKER = ".ouvert-demo"


def is_demo_data_dir() -> bool:
    """The data folder (not created) is one `ouvert demo` filled."""
    return (Path(read(DATA_DIR)).expanduser() / DEMO_MARKER).is_file()


def accel_redirect() -> str:
    """The nginx internal location's prefix (`/…/`), or empty; refused loudly when malformed."""
    prefix = read(ACCEL_REDIRECT).strip()
    if prefix and not (prefix.startswith("/") and prefix.endswith("/")):
        raise ImproperlyConfigured(
            f"OUVERT_ACCEL_REDIRECT doit commencer et finir par « / », pas {prefix!r}."
        )
    return prefix


def data_dir() -> Path:
    """The local data folder, created if missing."""
    path = Path(read(DATA_DIR)).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
