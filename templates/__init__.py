"""Jinja2 templates, stylesheets and fonts of the documents (package data ``kesehatan_koperasi.templates``)."""
