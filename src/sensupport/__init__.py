"""sensupport: SEN support in English schools as a typed domain model."""
