"""Every refusal of a query, with the JSON shapes OpenDataSoft and data.gouv.fr give them.

A `QueryError` is the only exception a caller has to catch: the compiler, the executor and the
exports raise nothing else for bad input (a missing Parquet file is a `StoreError`, a server
fault). Messages are in French; the codes are OpenDataSoft's, so its clients recognise them.
"""

from __future__ import annotations


class QueryError(Exception):
    """A query refused because of what the client sent: an HTTP 400."""

    status = 400
    error_code = "ODSQLError"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def to_ods(self) -> dict[str, str]:
        """OpenDataSoft Explore v2.1's error body: `{"error_code", "message"}`."""
        return {"error_code": self.error_code, "message": self.message}

    def to_tabular(self) -> dict[str, list[dict[str, str | None]]]:
        """data.gouv.fr api-tabular's error body: `{"errors": [{"code", "title", "detail"}]}`."""
        return {"errors": [{"code": None, "title": "Requête invalide", "detail": self.message}]}


class ODSQLError(QueryError):
    """A malformed ODSQL expression, with the clause and the position (0-based) of the fault."""

    def __init__(self, detail: str, clause: str | None = None, position: int | None = None):
        self.detail = detail
        self.clause = clause
        self.position = position
        where = f" (position {position})" if position is not None else ""
        clauses = f" Clause(s) contenant l'erreur : {clause}." if clause else ""
        super().__init__(f"Requête ODSQL mal formée : {detail}{where}.{clauses}")

    def in_clause(self, clause: str) -> ODSQLError:
        """The same error, attributed to a clause (`where`, `select`…)."""
        return ODSQLError(self.detail, clause, self.position)


class InvalidParameterError(QueryError):
    """A REST parameter out of its range, as OpenDataSoft words it (`InvalidRESTParameterError`)."""

    error_code = "InvalidRESTParameterError"

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(message)


class QueryTimeoutError(QueryError):
    """The query ran past its time limit and was interrupted."""

    error_code = "QueryTimeoutError"

    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"La requête a dépassé la limite de {seconds:g} s et a été interrompue : "
            "ajoutez un filtre, ou utilisez un export."
        )


class RecordNotFoundError(QueryError):
    """No record with this identifier (HTTP 404)."""

    status = 404
    error_code = "RecordNotFound"

    def __init__(self, record_id: str) -> None:
        super().__init__(f"Aucun enregistrement n'a l'identifiant « {record_id} ».")


class StoreError(Exception):
    """The Parquet file cannot be read: a fault of the platform, not of the query."""
