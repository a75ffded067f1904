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
# str.translate tables, each character for one, for characters the training
# text writes in one way only: curly quotes and apostrophes straight; the
# Unicode hyphen and non-breaking hyphen as "-" (spaCy splits a word at "-",
# not at them: "Jean\u2010Pierre" was one unknown word and no name).
STRAIGHT_QUOTES: dict[int, str | None] = {
    ord("“"): '"', ord("”"): '"', ord("„"): '"', ord("‘"): "'", ord("’"): "'"}
PLAIN_HYPHENS: dict[int, str | None] = {0x2010: "-", 0x2011: "-"}
AS_TRAINED: dict[int, str | None] = {**STRAIGHT_QUOTES, **PLAIN_HYPHENS}
