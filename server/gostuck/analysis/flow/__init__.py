"""Objects and their flow: names, types, where channels and values go (module-wide)."""
