"""Speech recognisers: the contract every engine implements (base.py) and the engines."""
