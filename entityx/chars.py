"""Characters that text writes in more than one way: what the model is
given in their place (``extractor``) and what names are compared by
(``merge``)."""

from __future__ import annotations

# Characters a reader does not see, which web pages and PDFs leave inside
# words: soft hyphen, zero-width space / non-joiner / joiner, direction marks
# and embeddings, word joiner and invisible operators, byte-order mark.
_INVISIBLE_RANGES = ((0xAD, 0xAD), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x2064),
                     (0x2066, 0x2069), (0xFEFF, 0xFEFF))
# As the inside of a regular-expression character class.
INVISIBLE = "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in _INVISIBLE_RANGES)
# A str.translate table that leaves them out.
WITHOUT_INVISIBLE: dict[int, str | None] = dict.fromkeys(
    c for a, b in _INVISIBLE_RANGES for c in range(a, b + 1))
# A str.translate table that makes curly quotes and apostrophes straight, as
# the training text writes them (the same length).
STRAIGHT_QUOTES: dict[int, str | None] = {
    ord("“"): '"', ord("”"): '"', ord("„"): '"', ord("‘"): "'", ord("’"): "'"}
