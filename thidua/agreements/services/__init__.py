"""Every change to frameworks, agreements, imports and snapshots: permission checked, atomic, audited."""
