"""Skills turn understood intents into actions and short, natural replies."""
