"""Finding honorifics: "Ms Pugh", "Dr Alexander Tayler", "Mr de Gaulle".

An honorific followed by a capitalised name marks that name as a person,
whatever the model said about it; not where the name ends in the head word
of a thing named after a person or of an organisation ("Madame Tussauds
Museum", "Dr. Martin Luther King Jr. Memorial", "Miss Universe Inc.").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .role_titles import TitleWords, is_name_token
from .title_words import HYPHENS, NAME_PARTICLES, POST_NOMINALS, ends_a_things_name

# The most tokens taken as the name after one honorific.
MAX_NAME_TOKENS = 5


def honorific_names(words: TitleWords, doc: Doc) -> list[tuple[int, int]]:
    """Token spans ``(start, end)`` of the names that follow honorifics."""
    found: list[tuple[int, int]] = []
    for i in words.positions(doc, words.honorifics):
        honorific = doc[i]
        if not words.is_honorific(honorific) or i + 1 >= len(doc):
            continue
        j = i + 1
        if doc[j].text == "." and honorific.whitespace_ == "":
            j += 1  # "Mr" "." split by the tokenizer
        end = _name_end(doc, j)
        if end == j or not fits_case(honorific, doc[j]):
            continue
        if honorific.text.isupper() and doc[j].text.isupper():
            end = _caps_name_end(doc, j, end)
        else:
            # Extend over the rest of a model entity that starts inside.
            for ent in doc.ents:
                if j <= ent.start < end and ent.end > end:
                    end = ent.end
        if ends_a_things_name(doc[end - 1]):
            continue  # "Madame Tussauds Museum", "Miss Universe Inc.": no person
        found.append((j, end))
    return found


def fits_case(honorific: Token, name: Token) -> bool:
    """An all-caps honorific goes with a name that begins in capitals only
    ("MR SMITH", "MR. VILLARS TO LADY HOWARD Berry Hill"): not "DR. Chip
    Biotechnology", "DR Congo", "MS Estonia" (a ship)."""
    return not (honorific.text.isupper() and len(honorific.text.rstrip(".")) > 1) \
        or name.text.isupper()


def _caps_name_end(doc: Doc, j: int, end: int) -> int:
    """End of an all-caps name at ``j`` after an all-caps honorific.

    The name is no longer than its run of all-caps words ("MR. VILLARS TO
    LADY HOWARD Berry Hill": not "Berry"). Within the run, case no longer
    tells the name from the words after it ("DR JONES MET THE BOARD"), so
    the name is the model's entity over ``j``, else one word.
    """
    run = j + 1
    while run < end and doc[run].text.isupper():
        run += 1
    for ent in doc.ents:
        if ent.start <= j < ent.end:
            return min(ent.end, run)
    return j + 1


def _name_end(doc: Doc, j: int) -> int:
    """End of the name that starts at token ``j``."""
    end = j
    while end < len(doc) and end - j < MAX_NAME_TOKENS:
        token = doc[end]
        if token.is_sent_start and end > j:
            break
        if token.text in POST_NOMINALS and end > j:
            break  # "Dr Jane Smith [OBE]"
        if is_name_token(token):
            end += 1
        elif (
            token.lower_ in NAME_PARTICLES
            and end + 1 < len(doc)
            and (is_name_token(doc[end + 1]) or doc[end + 1].lower_ in NAME_PARTICLES)
        ):
            end += 1  # "Ms von der Leyen", "Mr de Gaulle"
        elif (
            token.text in HYPHENS
            and end > j
            and not doc[end - 1].whitespace_
            and not token.whitespace_
            and end + 1 < len(doc)
            and is_name_token(doc[end + 1])
        ):
            end += 2  # "Ortega-Hayes": the tokenizer splits at the hyphen
        else:
            break
    while end > j and doc[end - 1].lower_ in NAME_PARTICLES:
        end -= 1
    return end
