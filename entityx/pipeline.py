"""Finding and loading the spaCy pipeline: the embedded model or ``--model``."""

from __future__ import annotations

import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "default"

# Components entityx never reads; left out of a loaded pipeline to save time.
UNUSED_COMPONENTS = ("tagger", "parser", "morphologizer", "lemmatizer",
                     "attribute_ruler", "senter", "trainable_lemmatizer",
                     "textcat", "textcat_multilabel", "spancat")

_lock = threading.Lock()


def default_model_path() -> Path:
    """Where the embedded pipeline is: inside the installed package, or in
    ``models/en_entityx`` of a source checkout."""
    try:
        packaged = resources.files("entityx") / "model"
        if packaged.is_dir() and (packaged / "config.cfg").is_file():
            return Path(str(packaged))
    except (ModuleNotFoundError, TypeError):  # pragma: no cover
        pass
    source = Path(__file__).resolve().parent.parent / "models" / "en_entityx"
    if (source / "config.cfg").is_file():
        return source
    raise ModelError(
        "the embedded model is missing from this installation; reinstall entityx "
        "(pip install .) or pass --model NAME|PATH"
    )


def load_pipeline(model: str | None = None) -> Language:
    """The pipeline for ``model`` (None: the embedded default), cached per
    process, with entityx's sentence splitter and title component added."""
    with _lock:
        return _load(model or DEFAULT_MODEL)


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    import spacy

    from . import boundaries, titles  # noqa: F401  register entityx's components

    if model == DEFAULT_MODEL:
        target: str | Path = default_model_path()
    else:
        path = Path(model).expanduser()
        target = path if path.exists() else model
    try:
        nlp = spacy.load(target)
    except OSError as exc:
        raise ModelError(
            f"cannot load model {model!r}: not an installed spaCy pipeline package "
            "nor a pipeline folder (spaCy models cannot be downloaded at run time; "
            "install the package or give the folder's path)"
        ) from exc
    except Exception as exc:  # a broken or incompatible pipeline folder
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelError(f"cannot load model {model!r}: {first}") from exc
    factories = [nlp.get_pipe_meta(name).factory or "" for name in nlp.pipe_names]
    if not any("ner" in f or "entity" in f or "span_ruler" in f for f in factories):
        raise ModelError(
            f"model {model!r} sets no entities: it has no NER, entity_ruler or span_ruler "
            f"(components: {', '.join(nlp.pipe_names) or 'none'})"
        )
    return prepare(nlp)


def prepare(nlp: Language) -> Language:
    """Disable what entityx does not read; add sentences and the titles component."""
    for name in UNUSED_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "sentencizer" not in nlp.component_names:
        nlp.add_pipe("sentencizer", first=True)
    if "entityx_boundaries" not in nlp.component_names:
        nlp.add_pipe("entityx_boundaries", last=True)
    if "entityx_titles" not in nlp.component_names:
        nlp.add_pipe("entityx_titles", last=True)
    return nlp
