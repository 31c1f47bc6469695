"""Make untrusted server text inert before it reaches a terminal.

Everything the server sends (subjects, bodies, names, snippets) may contain terminal control
sequences, bidi overrides or Rich markup. Control sequences and format characters are
stripped here; markup is neutralised by building `rich.text.Text` objects (never markup
strings) from the cleaned text.
"""

from __future__ import annotations

import re
import unicodedata

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


_ZWJ = "\u200d"  # joins emoji sequences; harmless on its own


def _drop_format_chars(text: str) -> str:
    """Drop Unicode format characters (category Cf) except ZWJ.

    Bidi overrides and isolates (U+202A-202E, U+2066-2069) let a subject such as
    "\u202egnp.exe" display as "exe.png" ("Trojan Source"); zero-width characters hide text.
    """
    if text.isascii():
        return text
    return "".join(c for c in text
                   if c == _ZWJ or c < "\xad" or unicodedata.category(c) != "Cf")


def clean(text: str) -> str:
    """Strip terminal control sequences and invisible format characters; keep newlines, tabs."""
    text = text.replace("\r\n", "\n")
    text = _ESC_SEQ.sub("", text)
    return _drop_format_chars(_CONTROL.sub("", text))


def one_line(text: str) -> str:
    """Clean text and fold it onto one line (table cells, tab-separated output)."""
    return " ".join(clean(text).split())
