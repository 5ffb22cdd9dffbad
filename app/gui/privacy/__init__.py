"""The privacy dashboard: network chart, kill switches, ledger, data and model inventories."""
