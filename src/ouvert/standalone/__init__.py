"""Commands that work where a user is (`ouvert validate`, `ouvert scan`): after `make install`,
with no configuration, no database and no secret. They import neither Django nor the platform's
apps (import-linter checks it); `ouvert.cli` runs them before any Django setting is read."""
