"""Place linking: place entities to GeoNames-based gazetteer entries.

Importing this package costs nothing; the gazetteer is read on the first
call of :func:`link_places` (see gazetteer.py).
"""

from .linker import link_places, summary_key
from .resolve import resolve

__all__ = ["link_places", "resolve", "summary_key"]
