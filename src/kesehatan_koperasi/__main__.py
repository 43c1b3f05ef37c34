"""``python -m kesehatan_koperasi``."""
import sys

from .cli import main

sys.exit(main())
