"""Framework-free core: reading, detecting, validating, storing. Never imports Django."""
