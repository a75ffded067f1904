"""entityx's own spaCy components, run after the NER.

Importing this package registers them with spaCy (a pipeline loaded through
``entityx.pipeline`` does so itself; the ``spacy_factories`` entry points
let plain ``spacy.load`` find them too).
"""

from __future__ import annotations

from . import acronyms, boundaries, layout, name_repair, propagation, titles  # noqa: F401  registers the factories
