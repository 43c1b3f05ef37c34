"""The text of the Petunjuk sheet (Indonesian, for the examiner). Lines starting with ``#`` are
headings, ``·`` bullet points."""

PETUNJUK_TEKS: tuple[str, ...] = (
    "# Cara mengisi",
    "· Isi hanya sel berwarna kuning. Sel lain (label, kode, jumlah dan pemeriksaan) dikunci tanpa kata sandi "
    "supaya tidak terhapus tanpa sengaja.",
    "· Kolom A (kode, abu-abu) dibaca oleh program. Jangan mengubah, menghapus atau memindahkan baris, dan jangan "
    "mengganti nama lembar.",
    "· Angka rupiah diisi sebagai angka positif tanpa desimal atau dengan desimal koma, mis. 1.234.567 atau "
    "1.234.567,89. Teks seperti \"Rp 1.234.567\" juga dapat dibaca.",
    "· Penyisihan penghapusan pinjaman (PPAP) diisi positif; program menguranginya dari pinjaman.",
    "· Hanya SHU belum dibagi yang boleh negatif (rugi): ketik -12500 atau (12.500).",
    "· Sel kosong berarti belum diisi dan dilaporkan sebagai kesalahan; bila nilainya nol, ketik 0.",
    "· Tanggal ditulis dd-mm-yyyy, mis. 13-05-2026. NIK (16 angka) diketik sebagai teks.",
    "· Tahun lalu dan tahun buku keduanya wajib: Juknis memerlukan pertumbuhan dan laporan keuangan dua tahun.",
    "# Lembar",
    "· Identitas & Pemeriksaan: identitas koperasi, surat tugas, tim pemeriksa (paling sedikit 2 orang), "
    "pejabat penandatangan sertifikat, dan pengurus/pengawas yang hadir.",
    "· Neraca, Perhitungan Hasil Usaha, Kolektibilitas & Keanggotaan: angka laporan keuangan tahun lalu dan "
    "tahun buku. Baris abu-abu adalah jumlah (rumus) untuk dibandingkan dengan laporan yang diterbitkan; "
    "baris pemeriksaan menampilkan TIDAK SEIMBANG / TIDAK SESUAI / TIDAK COCOK bila ada selisih.",
    "· Lembar kuesioner (Tata Kelola, Profil Risiko): pilih Terpenuhi atau Tidak Terpenuhi untuk setiap butir.",
    "· Dokumen: status setiap dokumen persyaratan; Tidak Berlaku hanya untuk dokumen \"jika ada\".",
    "· Temuan: catatan dan rekomendasi pemeriksa per aspek (boleh kosong).",
    "# Memeriksa dan menilai",
    "· kesehatan-koperasi validate kertas-kerja.xlsx — menampilkan setiap masalah beserta lembar dan selnya.",
    "· kesehatan-koperasi assess kertas-kerja.xlsx --out hasil — menulis hasil.json, hasil.xlsx dan dokumen.",
)
