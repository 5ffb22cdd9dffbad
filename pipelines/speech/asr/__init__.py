"""Speech recognisers and what they hand the chooser (readings, n-best lists)."""
