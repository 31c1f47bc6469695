"""Make untrusted server text inert before it reaches a terminal.

Everything the server sends (subjects, bodies, names, snippets) may contain terminal control
sequences or Rich markup. Control sequences are stripped here; markup is neutralised by
building `rich.text.Text` objects (never markup strings) from the cleaned text.
"""

from __future__ import annotations

import re

# ESC-introduced sequences: CSI, OSC/DCS/SOS/PM/APC strings (terminated by BEL or ST, or
# unterminated up to the end), and the two-byte Fe/Fp/Fs escapes.
_ESC_SEQ = re.compile(
    r"""
    \x1b\[[0-?]*[ -/]*[@-~]?            # CSI ... final
  | \x1b[\]PX^_][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC/DCS/SOS/PM/APC ... ST
  | \x1b[ -/]*[0-~]?                   # other escapes (incl. lone ESC)
  | \x9b[0-?]*[ -/]*[@-~]?              # 8-bit CSI
  | [\x9d\x90\x98\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?  # 8-bit string controls
    """,
    re.VERBOSE,
)
# Remaining C0 (except \t and \n), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Strip terminal control sequences; keep newlines and tabs."""
    text = text.replace("\r\n", "\n")
    text = _ESC_SEQ.sub("", text)
    return _CONTROL.sub("", text)


def one_line(text: str) -> str:
    """Clean text and fold it onto one line (table cells, tab-separated output)."""
    return " ".join(clean(text).split())
