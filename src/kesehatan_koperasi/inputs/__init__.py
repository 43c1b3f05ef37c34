"""Shared services for untrusted input files: the guard that runs before any parser
(:mod:`.guard`) and the one parser of cell values, amounts and dates (:mod:`.cells`)."""
