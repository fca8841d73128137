"""The organisation's people: the people page, its table model and dialogs."""
