"""People: accounts, roles in organisations, invitations, API tokens and every permission rule."""
