"""The scoring core: pure, vectorised functions over numpy arrays (one row per cooperative).

- :mod:`.ratios`   ratio, growth and rounding functions (spec §3);
- :mod:`.bands`    band lookup (spec §2, §4);
- :mod:`.rollup`   aspect scores, nilai akhir, predikat (spec §6);
- :mod:`.derive`   derived quantities (spec ``fields.md``);
- :mod:`.validate` input validation (spec ``fields.md``, "Validation");
- :mod:`.engine`   the one scoring path, from a frame to arrays of results.
"""
