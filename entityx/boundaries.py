"""Compatibility: the ``entityx_boundaries`` component now lives in
:mod:`entityx.components.boundaries` (the ``spacy_factories`` entry point
still names this module)."""

from __future__ import annotations

from .components.boundaries import split_at_boundaries

__all__ = ["split_at_boundaries"]
