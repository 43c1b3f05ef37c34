"""Alembic environment of the web service's database (issue 13): the migrations run on start,
programmatically (:func:`kesehatan_koperasi.layanan.db.siapkan`), on the connection handed in
through ``config.attributes["koneksi"]``."""

from alembic import context

from kesehatan_koperasi.layanan.skema import Dasar

koneksi = context.config.attributes["koneksi"]
context.configure(connection=koneksi, target_metadata=Dasar.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
