"""Fail loudly when the test PostgreSQL is not reachable: CI must fail, never skip."""

from __future__ import annotations

import sys

import psycopg


def main() -> None:
    url = sys.argv[1]
    try:
        with psycopg.connect(url, connect_timeout=5) as connection:
            version = connection.execute("show server_version").fetchone()
    except psycopg.Error as error:
        sys.exit(
            f"PostgreSQL injoignable à {url} : {error}\n"
            "La suite de tests tourne aussi sur PostgreSQL : démarrez-le, ou indiquez un serveur "
            "avec OUVERT_TEST_POSTGRES_URL=postgres://utilisateur@hôte:5432/base (l'utilisateur "
            "doit pouvoir créer des bases)."
        )
    print(f"PostgreSQL {version[0] if version else '?'} joignable pour les tests.")


if __name__ == "__main__":
    main()
