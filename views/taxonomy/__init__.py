"""The skill taxonomy: areas, skills and the level scale, with their page, models and dialogs."""
