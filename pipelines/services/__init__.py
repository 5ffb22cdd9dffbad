"""Services: one of each long-lived capability per process (voice, vision, recipes), typed
accessors over the app context, and one ``apply_settings()``."""
