"""Finding and loading the spaCy pipeline: the embedded model or ``--model``."""

from __future__ import annotations

import os
import sys
import threading
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .errors import ModelError, first_line

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "default"

# Components entityx never reads; left out of a loaded pipeline to save time.
UNUSED_COMPONENTS = ("tagger", "parser", "morphologizer", "lemmatizer",
                     "attribute_ruler", "senter", "trainable_lemmatizer",
                     "textcat", "textcat_multilabel", "spancat")

_lock = threading.Lock()
_pipeline_locks: dict[int, threading.RLock] = {}


def pipeline_lock(nlp: Language) -> threading.RLock:
    """The lock of one loaded pipeline. A pipeline is shared by every thread
    of a process (it is cached), and spaCy's memory zones must not nest:
    ending one clears the strings of any zone opened inside it. So one
    thread at a time runs a pipeline in a zone."""
    with _lock:
        return _pipeline_locks.setdefault(id(nlp), threading.RLock())


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


def import_spacy() -> ModuleType:
    """``import spacy``, minus its command-line package.

    ``spacy/__init__.py`` imports ``spacy.cli`` (for ``spacy.info``), which
    pulls in every ``spacy`` subcommand, typer, weasel and an HTTP client:
    about a third of spaCy's import time, which is most of a one-file
    ``entityx extract``. While spaCy is imported, ``spacy.cli`` is a
    placeholder; afterwards it is gone again, so ``import spacy.cli`` works
    as usual, and ``spacy.info`` imports the real one when called. Should
    spaCy ever need more of ``spacy.cli`` while importing, it is imported
    again the ordinary way.
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    from importlib.util import find_spec

    try:
        spec = find_spec("spacy")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.submodule_search_locations or "spacy.cli" in sys.modules:
        import spacy

        return spacy

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    cli = ModuleType("spacy.cli")
    cli.__path__ = [os.path.join(p, "cli") for p in spec.submodule_search_locations]
    cli_info = ModuleType("spacy.cli.info")
    cli_info.info = info  # type: ignore[attr-defined]
    stubs = {"spacy.cli": cli, "spacy.cli.info": cli_info}
    sys.modules.update(stubs)
    try:
        import spacy
    except Exception:  # noqa: BLE001 - retried below without the placeholder
        _drop_stubs(stubs)
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        import spacy
    else:
        _drop_stubs(stubs)
    return spacy


def _drop_stubs(stubs: dict[str, ModuleType]) -> None:
    for name, stub in stubs.items():
        if sys.modules.get(name) is stub:
            del sys.modules[name]
    package = sys.modules.get("spacy")
    if package is not None and getattr(package, "cli", None) is stubs["spacy.cli"]:
        delattr(package, "cli")


# Registered tokenizer factory used while loading a pipeline folder.
_TOKENIZER_FROM_DISK = "entityx.tokenizer_from_disk.v1"


def _tokenizer_from_disk() -> Any:
    """A tokenizer with no rules at all, for a pipeline whose saved tokenizer
    is loaded into it next."""
    from spacy.tokenizer import Tokenizer

    def create(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return create


def _tokenizer_override(target: str | Path) -> dict[str, Any]:
    """A config override that skips building spaCy's default English tokenizer
    (its 2,700 special cases and regexes) when the folder's own tokenizer
    replaces all of it straight away (``Tokenizer.from_bytes`` resets every
    setting first). Only for folders whose tokenizer is the standard one and
    saved; saves about a tenth of a second per process."""
    path = Path(target)
    if not (path.is_dir() and (path / "tokenizer").is_file()):
        return {}
    from spacy.util import load_config

    try:
        config = load_config(path / "config.cfg", interpolate=False)
        standard = config["nlp"]["tokenizer"] == {"@tokenizers": "spacy.Tokenizer.v1"}
    except Exception:  # noqa: BLE001 - spacy.load reports a broken config itself
        return {}
    if not standard:
        return {}
    from spacy.util import registry

    registry.tokenizers.register(_TOKENIZER_FROM_DISK, func=_tokenizer_from_disk)
    return {"nlp": {"tokenizer": {"@tokenizers": _TOKENIZER_FROM_DISK}}}


@lru_cache(maxsize=4)
def _load(model: str) -> Language:
    spacy = import_spacy()

    from . import components  # noqa: F401  registers entityx's components

    if model == DEFAULT_MODEL:
        target: str | Path = default_model_path()
    else:
        path = Path(model).expanduser()
        target = path if path.exists() else model
    try:
        override = _tokenizer_override(target)
        # The embedded model's vocab/strings.json holds only its labels:
        # models/train.py leaves out the 220,000 strings seen in training,
        # which a tok2vec + ner pipeline never looks up (features are hashes).
        nlp = spacy.load(target, config=override)
        if override:  # the config as saved, should anyone save this pipeline
            config = nlp.config
            config["nlp"]["tokenizer"] = {"@tokenizers": "spacy.Tokenizer.v1"}
            nlp.config = config
    except OSError as exc:
        raise ModelError(
            f"cannot load model {model!r}: not an installed spaCy pipeline package "
            "nor a pipeline folder (spaCy models cannot be downloaded at run time; "
            "install the package or give the folder's path)"
        ) from exc
    except Exception as exc:  # a broken or incompatible pipeline folder
        first = first_line(exc)
        raise ModelError(f"cannot load model {model!r}: {first}") from exc
    factories = [nlp.get_pipe_meta(name).factory or "" for name in nlp.pipe_names]
    if not any("ner" in f or "entity" in f or "span_ruler" in f for f in factories):
        raise ModelError(
            f"model {model!r} sets no entities: it has no NER, entity_ruler or span_ruler "
            f"(components: {', '.join(nlp.pipe_names) or 'none'})"
        )
    return prepare(nlp)


# entityx's component before the model: what it reads at a line break.
BEFORE_MODEL = "entityx_layout"

# entityx's components after the NER, in order (see entityx/components/):
# boundaries and name repairs first, so the document-level rules see whole
# names; the title component last, so it has the final say on every person
# span and finds the titles of the names the rules labelled.
# entityx_name_repair runs with its defaults (hyphens, edges, "of" and "&");
# its other repairs cost F on the gold sets and are off.
AFTER_NER = ("entityx_boundaries", "entityx_name_repair", "entityx_acronyms",
             "entityx_propagate", "entityx_titles")


def prepare(nlp: Language) -> Language:
    """Disable what entityx does not read; add sentences, the line-break
    norms before the model, the titles component and the document-level
    rules."""
    for name in UNUSED_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    if "sentencizer" not in nlp.component_names:
        nlp.add_pipe("sentencizer", first=True)
    if BEFORE_MODEL not in nlp.component_names:
        nlp.add_pipe(BEFORE_MODEL, first=True)
    for name in AFTER_NER:
        if name not in nlp.component_names:
            nlp.add_pipe(name, last=True)
    return nlp
