"""present: CLI, report and export over the store."""
