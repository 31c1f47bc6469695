"""A stand-in pager for the tests: records what it was given and its LESS setting."""

import os
import sys
from pathlib import Path

out = Path(os.environ["HD_PAGER_OUT"])
out.write_text(f"LESS={os.environ.get('LESS', '')}\n" + sys.stdin.read(), encoding="utf-8")
