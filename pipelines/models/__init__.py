"""The model manager: a manifest of every model, verified installs, model cards."""
