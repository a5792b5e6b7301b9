"""Pages of the awards area; each module is thin over thidua.awards.selectors and thidua.awards.services."""
