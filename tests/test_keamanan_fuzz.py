"""Short fuzz run over ``read_worksheet`` + ``assess`` (issue 8, item 3): the only acceptable
outcomes are a result or a ``WorksheetError``. The long run is ``scripts/fuzz.py --cases 10000``."""

from __future__ import annotations

import random
import time
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import sasaran as S
from tests.fuzz import target as T

ASLI = [p.read_bytes() for p in T.CONTOH]


def _satu(data: bytes) -> str:
    t = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # openpyxl warns about damaged parts; not a failure
        hasil = T.jalankan(data)
    assert time.perf_counter() - t < 10
    assert hasil in T.HASIL_SAH
    return hasil


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.randoms(use_true_random=False), st.sampled_from(range(len(ASLI))))
def test_fuzz_mutated_workbooks(rng: random.Random, i: int):
    data, _ = T.mutasi(rng, ASLI[i])
    _satu(data)


_TEKS = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=80) \
    | st.sampled_from(T._NILAI_JAHAT) | st.floats(allow_nan=True, allow_infinity=True).map(repr) \
    | st.integers(-10**30, 10**30).map(str)


@settings(max_examples=80, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_fuzz_cell_values(data):
    """Any text (or number) typed in any cell of an input sheet."""
    from xml.sax.saxutils import escape

    parts = T.bagian(ASLI[0])
    lembar = data.draw(st.sampled_from(sorted(n for n in parts if n.startswith("xl/worksheets/"))))
    sel = list(T._SEL.finditer(parts[lembar]))
    m = sel[data.draw(st.integers(0, len(sel) - 1))]
    teks = "".join(c for c in data.draw(_TEKS) if c in "\t\n\r" or (ord(c) >= 32 and c not in "\ufffe\uffff"))
    if data.draw(st.booleans()):
        baru = b'<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (m.group(1), escape(teks).encode())
    else:
        baru = b'<c r="%s"><v>%s</v></c>' % (m.group(1), escape(teks).encode())
    parts[lembar] = parts[lembar][:m.start()] + baru + parts[lembar][m.end():]
    _satu(T.zip_bytes(parts))


def test_fuzz_seeds_of_the_long_run():
    """The first 40 cases of ``scripts/fuzz.py`` (same seeds), so the script's target is tested too."""
    hasil = {_satu(T.kasus(s)[0]) for s in range(40)}
    assert hasil <= set(T.HASIL_SAH)


@pytest.mark.parametrize("nama", sorted(S.SASARAN))
def test_fuzz_every_input_kind_short_run(nama):
    """Issue 17, item 10: a short run of each target of ``scripts/fuzz.py`` (``make fuzz`` runs
    10,000 cases each): only the target's own outcomes, never a crash."""
    s = S.SASARAN[nama]
    hasil = set()
    for seed in range(12):
        data, _ = s.kasus(seed)
        t = time.perf_counter()
        hasil.add(s.jalankan(data))
        assert time.perf_counter() - t < 30
    assert hasil <= set(s.sah)
