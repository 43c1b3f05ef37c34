"""The first schema of the web service (issue 13): accounts, tokens, sessions, the register of
examinations, findings and the agenda register.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pengguna",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nama", sa.String(100), nullable=False, unique=True),
        sa.Column("peran", sa.String(20), nullable=False),
        sa.Column("sandi_hash", sa.String(200), nullable=False),
        sa.Column("dibuat_pada", sa.DateTime, nullable=False),
    )
    op.create_table(
        "token_api",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pengguna_id", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=False),
        sa.Column("sidik", sa.String(64), nullable=False, unique=True),
        sa.Column("dibuat_pada", sa.DateTime, nullable=False),
    )
    op.create_table(
        "sesi",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sidik", sa.String(64), nullable=False, unique=True),
        sa.Column("pengguna_id", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=False),
        sa.Column("csrf", sa.String(64), nullable=False),
        sa.Column("kedaluwarsa", sa.DateTime, nullable=False),
    )
    op.create_table(
        "pemeriksaan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("nik", sa.String(100), nullable=False, index=True),
        sa.Column("nama_koperasi", sa.String(300), nullable=False, index=True),
        sa.Column("kabupaten_kota", sa.String(200), nullable=False),
        sa.Column("tahun_buku", sa.Integer, nullable=False, index=True),
        sa.Column("versi", sa.Integer, nullable=False),
        sa.Column("menggantikan_id", sa.Integer, sa.ForeignKey("pemeriksaan.id"), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("nama_berkas", sa.String(300), nullable=False),
        sa.Column("hasil_json", sa.Text, nullable=False),
        sa.Column("kode", sa.String(20), nullable=False, index=True),
        sa.Column("sidik", sa.String(64), nullable=False),
        sa.Column("nilai_akhir", sa.Float, nullable=False),
        sa.Column("predikat", sa.String(100), nullable=False, index=True),
        sa.Column("diterima_pada", sa.Date, nullable=False),
        sa.Column("dibuat_oleh", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=False),
        sa.Column("dibuat_pada", sa.DateTime, nullable=False),
        sa.Column("terbit_pada", sa.DateTime, nullable=True),
        sa.Column("penandatangan_id", sa.Integer, sa.ForeignKey("pengguna.id"), nullable=True),
        sa.Column("nomor_sertifikat", sa.String(200), nullable=True),
        sa.Column("nomor_berita_acara", sa.String(200), nullable=True),
        sa.Column("penanda_tangan_dokumen", sa.String(300), nullable=True),
        sa.Column("sertifikat_pdf", sa.LargeBinary, nullable=True),
        sa.Column("berita_acara_pdf", sa.LargeBinary, nullable=True),
    )
    op.create_table(
        "temuan",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("pemeriksaan_id", sa.Integer, sa.ForeignKey("pemeriksaan.id"), nullable=False, index=True),
        sa.Column("kode", sa.String(50), nullable=False),
        sa.Column("label", sa.String(500), nullable=False),
        sa.Column("rekomendasi", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("tenggat", sa.Date, nullable=True),
        sa.Column("catatan", sa.Text, nullable=False),
        sa.Column("diubah_pada", sa.DateTime, nullable=True),
    )
    op.create_table(
        "agenda",
        sa.Column("kantor", sa.String(300), primary_key=True),
        sa.Column("tahun", sa.Integer, primary_key=True),
        sa.Column("urut", sa.Integer, primary_key=True),
        sa.Column("kunci_hasil", sa.String(64), nullable=False),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.UniqueConstraint("kantor", "tahun", "kunci_hasil"),
    )


def downgrade() -> None:
    for tabel in ("agenda", "temuan", "pemeriksaan", "sesi", "token_api", "pengguna"):
        op.drop_table(tabel)
