"""Entity types and the mapping from model / corpus labels onto them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

PERSON = "person"
PLACE = "place"
ORGANISATION = "organisation"
TYPES: tuple[str, ...] = (PERSON, PLACE, ORGANISATION)

# Model labels of people: what the title and document-level components treat
# as a person whatever their configured person label.
PERSON_LABELS: tuple[str, ...] = ("PERSON", "PER")

# Label of a role title in apposition to a person's name ("Tim Cook, chief
# executive", "Apple's chief executive, Tim Cook,"), in the title
# component's span group (entityx_titles); its span id is
# "APPOSITION:<token end of the name>".
APPOSITION = "APPOSITION"

# Model label for each entityx type: what the embedded model predicts (and
# what training data is written with).
TYPE_TO_MODEL_LABEL: dict[str, str] = {PERSON: "PERSON", PLACE: "LOC", ORGANISATION: "ORG"}

# Labels used by spaCy pipelines and common corpora, lower-cased. Anything
# else (DATE, NORP, MISC, ...) is not a type entityx reports.
_LABELS: dict[str, str] = {
    # people
    "person": PERSON, "per": PERSON, "pers": PERSON,
    # places: countries, cities, regions, geographic features, facilities
    "gpe": PLACE, "loc": PLACE, "location": PLACE, "fac": PLACE,
    "facility": PLACE, "geo": PLACE,
    # organisations
    "org": ORGANISATION, "organization": ORGANISATION,
    "organisation": ORGANISATION, "corporation": ORGANISATION,
    "group": ORGANISATION,
}

# What users may type for --types: the type names, their plurals and the
# usual label names.
_TYPE_ALIASES: dict[str, str] = {
    **_LABELS,
    "people": PERSON, "persons": PERSON, "name": PERSON, "names": PERSON,
    "place": PLACE, "places": PLACE, "locations": PLACE, "gpes": PLACE,
    "organisations": ORGANISATION, "organizations": ORGANISATION,
    "orgs": ORGANISATION, "company": ORGANISATION, "companies": ORGANISATION,
}


def label_to_type(label: str, overrides: Mapping[str, str | None] | None = None) -> str | None:
    """The entityx type of a model or corpus label, or None if it has none.

    ``overrides`` maps labels (case-sensitive first, then lower-cased) to a
    type or to None (ignore); it takes precedence over the built-in table.
    """
    if overrides:
        if label in overrides:
            return overrides[label]
        if label.lower() in overrides:
            return overrides[label.lower()]
    return _LABELS.get(label.lower())


def parse_types(values: Iterable[str]) -> tuple[str, ...]:
    """Resolve user-typed type names ("people,GPE", "org") to entityx types.

    Raises ValueError naming the first unknown value.
    """
    chosen: list[str] = []
    for value in values:
        for part in value.split(","):
            part = part.strip()
            if not part:
                continue
            etype = _TYPE_ALIASES.get(part.lower())
            if etype is None:
                raise ValueError(
                    f"unknown entity type {part!r}; choose from {', '.join(TYPES)} "
                    "(aliases such as people, places, org, PER, LOC, GPE work too)"
                )
            if etype not in chosen:
                chosen.append(etype)
    return tuple(t for t in TYPES if t in chosen)
