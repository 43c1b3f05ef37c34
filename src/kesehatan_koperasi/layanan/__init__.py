"""The office's web service (issue 13): examiners in a browser, apps over HTTP, a register of
examinations.

An optional part of the package (extra ``[layanan]``: FastAPI, uvicorn, SQLAlchemy, Alembic,
argon2); the core never imports it. ``kesehatan-koperasi serve`` runs it
(:mod:`.jalankan`), :func:`.app.buat_app` builds the ASGI application. The service scores and
renders only through the library (:func:`kesehatan_koperasi.api.assess`,
:mod:`kesehatan_koperasi.outputs.pdf.render`) and shows what the :class:`~kesehatan_koperasi.Hasil`
carries; it keeps accounts, sessions, the register of examinations and the office's agenda
register in its own database (:mod:`.skema`).
"""
