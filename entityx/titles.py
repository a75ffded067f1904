"""Compatibility: the ``entityx_titles`` component now lives in
:mod:`entityx.components` (:mod:`~entityx.components.titles`, its word lists
in :mod:`~entityx.components.title_words`). The ``spacy_factories`` entry
point still names this module, and older code imports from it."""

from __future__ import annotations

from .components.role_titles import TitleWords
from .components.title_words import (
    GIVEN_NAMES,
    HONORIFICS,
    HYPHENS,
    JOINERS,
    NAME_PARTICLES,
    NOT_TITLES,
    OFFICE_WORDS,
    ROLE_HEADS,
    TITLES_KEY,
    default_role_titles,
)
from .components.titles import TitleComponent, TitleMatches, make_titles
from .labels import PERSON_LABELS

__all__ = [
    "GIVEN_NAMES", "HONORIFICS", "HYPHENS", "JOINERS", "NAME_PARTICLES", "NOT_TITLES",
    "OFFICE_WORDS", "PERSON_LABELS", "ROLE_HEADS", "TITLES_KEY", "TitleComponent",
    "TitleMatches", "TitleWords", "default_role_titles", "make_titles",
]
