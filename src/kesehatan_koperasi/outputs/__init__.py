"""Renderings of a result, each a view of the same :class:`~kesehatan_koperasi.result.hasil.Hasil`:

- :mod:`.atomic`  the one atomic writer;
- :mod:`.excel`   ``hasil.xlsx``;
- :mod:`.pdf`     the certificate and the minutes (Jinja2 + WeasyPrint);
- :mod:`.verify`  checking a document against its result;
- :mod:`.write`   every output of one assessment into a folder.
"""
