"""Controlled vocabularies: licences (data.gouv.fr's list), EU data themes, EU frequencies."""
