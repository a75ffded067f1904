"""The name-list input of the model (entityx/namelists.py, models/namelists.py).

The matching is tested on its own here; the layer inside a trained pipeline
(added with zero rows, then trained) in tests/test_training.py, and the
shipped model's own lists in tests/test_components.py.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pytest
from thinc.api import NumpyOps

from entityx.namelists import BIT, LISTS, _Compiled, name_list_table

ROOT = Path(__file__).resolve().parent.parent


def _build_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("namelists_build", ROOT / "models" / "namelists.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["namelists_build"] = module
    spec.loader.exec_module(module)
    return module


def _hits(table: dict[str, int], words: str) -> list[set[str]]:
    bits = _Compiled(table).features(words.lower().split())
    return [{name for name in LISTS if b & BIT[name]} for b in bits]


def test_longest_entry_wins_and_marks_every_word() -> None:
    table = {"new york": BIT["city"], "new york mills": BIT["city"], "york": BIT["city"],
             "mills": BIT["surname"], "new": BIT["given"]}
    # "new york mills" is one town: all three words, the longest match
    assert _hits(table, "to New York Mills now") == [set(), {"given", "city"}, {"city"},
                                                     {"city", "surname"}, set()]
    # a partial phrase is no match of the longer entry
    assert _hits(table, "new yorker") == [{"given"}, set()]
    # at the end of the text
    assert _hits(table, "in new york") == [set(), {"given", "city"}, {"city"}]


def test_a_word_in_several_lists_gets_every_bit() -> None:
    table = {"jordan": BIT["given"] | BIT["surname"] | BIT["region"]}
    assert _hits(table, "Jordan JORDAN jordan") == [{"given", "surname", "region"}] * 3


def test_build_table_tokenises_folds_and_skips_common_words() -> None:
    build = _build_module()
    entries = build.build_table(
        {"city": ["Winston-Salem", "Bath", "Łódź"], "region": ["Chad", "Georgia", "Oyo"],
         "given": ["Will", "Sipho"], "surname": ["Wójcik", "Hér", "Wu"]},
        common={"bath", "will", "chad", "her"})
    # tokenised as spaCy tokenises text
    assert entries["winston - salem"] == BIT["city"]
    # with and without accents
    assert entries["wójcik"] == entries["wojcik"] == BIT["surname"]
    # (NFKD has no decomposition for "ł": only the accents go)
    assert entries["łódź"] == entries["łodz"] == BIT["city"]
    # a common word or a word of one or two letters is in no list, whatever list
    # named it, also when it is only the form without accents ("hér" -> "her")
    assert not {"bath", "will", "chad", "her", "wu"} & set(entries)
    assert entries["hér"] == BIT["surname"]
    assert entries["georgia"] == entries["oyo"] == BIT["region"]
    assert entries["sipho"] == BIT["given"]


def test_zero_rows_add_nothing_and_gradients_reach_the_rows() -> None:
    import spacy

    nlp = spacy.blank("en")
    layer = name_list_table(4)
    layer.attrs["entries"] = {"lagos": BIT["city"], "amaka": BIT["given"]}
    layer.initialize()
    docs = [nlp("Amaka left Lagos"), nlp("nothing here")]
    out, backprop = layer(docs, is_train=True)
    assert all(not np.any(o) for o in out)
    assert [o.shape for o in out] == [(3, 4), (2, 4)]
    backprop([NumpyOps().alloc2f(3, 4) + 1.0, NumpyOps().alloc2f(2, 4) + 1.0])
    grad = layer.get_grad("E")
    # row 0 (no list) got four words' gradient, the city and given-name rows one each
    assert grad[0].tolist() == [3.0] * 4
    assert grad[BIT["city"]].tolist() == grad[BIT["given"]].tolist() == [1.0] * 4
    assert not np.any(grad[BIT["surname"]])


def test_the_table_travels_with_the_weights() -> None:
    layer = name_list_table(4)
    layer.attrs["entries"] = {"lagos": BIT["city"]}
    layer.initialize()
    layer.set_param("E", layer.get_param("E") + 0.5)
    copy = name_list_table(4).from_bytes(layer.to_bytes())
    assert copy.attrs["entries"] == {"lagos": BIT["city"]}
    assert copy.get_param("E").tolist() == layer.get_param("E").tolist()


def test_a_table_of_other_lists_is_refused(tmp_path: Path) -> None:
    import gzip
    import json

    from entityx.namelists import load_entries

    path = tmp_path / "t.json.gz"
    with gzip.open(path, "wt") as f:
        json.dump({"lists": ["given", "city"], "entries": {}}, f)
    with pytest.raises(ValueError, match="name lists"):
        load_entries(path)
