"""Text from untrusted files made safe to keep, print and write into a PDF's metadata.

Answers files arrive by e-mail and are edited in Word and Notepad: a vertical tab (Word's
Shift+Enter), a form feed or a Unicode line separator is a line break the person meant, and
is normalised to one. Every other control character (ESC, BEL, NUL, the C1 controls, lone
surrogates, U+FFFE/U+FFFF) has no business in an assessment: it is invalid in the PDF's XMP
metadata (XML 1.0), or it drives a terminal (ESC sequences set titles and clear screens).
Those are refused with the field named rather than silently dropped, so nothing a person
wrote changes without their knowing.

Pure functions, no I/O: the answers loader refuses, `terminal_safe` neutralises what is
printed (file-derived text reaches the terminal through error messages, `score`, `register
show`).
"""

from __future__ import annotations

import re

#: Characters a person's editor uses as a line break; each becomes "\n" (a single-line field
#: turns line breaks into spaces). \r\n is one break.
LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_BREAK = re.compile("\r\n|[\r" + LINE_BREAKS + "]")

#: What no field may hold: C0 controls but tab and newline, DEL, C1 controls, lone
#: surrogates (not encodable as UTF-8), and the non-characters XML 1.0 excludes.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")

#: What `terminal_safe` replaces: every control character except tab, newline and form feed
#: (which separates the pages `riskkit extract` prints).
_TERMINAL = re.compile("[\x00-\x08\x0b\x0d-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


def normalise_breaks(value: str, *, multiline: bool) -> str:
    """``value`` with every line-break character (vertical tab, form feed, \\r, U+2028...)
    made "\\n"; in a single-line field (a name, an id) a space instead."""
    return _BREAK.sub("\n" if multiline else " ", value)


def forbidden_character(value: str) -> str | None:
    """The first character no field may hold, as ``U+001B``; None when there is none."""
    found = _FORBIDDEN.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def terminal_safe(value: str) -> str:
    """``value`` with control characters shown as ``\\x1b``-style escapes instead of acting
    on the terminal (ESC sequences, BEL, backspace, carriage return over earlier text).
    Tab, newline and form feed stay: riskkit's own output uses them."""
    return _TERMINAL.sub(lambda m: _escape(m.group()), value)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


#: A run of this many characters without a space is broken up for the layout.
_UNBROKEN = re.compile(r"\S{31,}")
ZERO_WIDTH_SPACE = "\u200b"


def breakable(value: str, every: int = 20) -> str:
    """``value`` with a zero-width space after every ``every`` characters of a run longer
    than 30 without a space (a URL, a pasted hash, "aaaa..."): the line breaker may break
    there, and the page shows nothing. WeasyPrint searches a long unbreakable word for a
    break character by character, which made the layout time grow with the square of its
    length (~1 s per 1,000 characters); short runs make it linear. Ordinary words are left
    as they are."""
    return _UNBROKEN.sub(
        lambda m: ZERO_WIDTH_SPACE.join(
            m.group()[i:i + every] for i in range(0, len(m.group()), every)), value)
