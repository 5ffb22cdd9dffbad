"""The privacy promise, enforced: egress guard, tamper-evident ledger, data inventory."""
