"""Every change of the awards area goes through these functions (see each module)."""
