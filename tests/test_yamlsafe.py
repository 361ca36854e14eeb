"""YAML from files mofkit did not write: aliases that loop or explode, and nesting
too deep, are refused before anything walks the document; ordinary YAML (aliases
included) loads as yaml.safe_load loads it."""

from __future__ import annotations

import pytest
import yaml

from mofkit import yamlsafe


def test_ordinary_yaml_and_shared_aliases_load_as_safe_load_does() -> None:
    text = "base: &b {licence: mit, tags: [a, b]}\none: *b\ntwo: *b\ndate: 2024-01-02\n"
    assert yamlsafe.load(text) == yaml.safe_load(text)
    assert yamlsafe.load("") is None
    node = yamlsafe.compose("a: [1, 2]\n")
    assert isinstance(node, yaml.MappingNode)


@pytest.mark.parametrize(("text", "what"), [
    ("a: &a [*a]\n", "refers to itself"),
    ("a: &a {x: *a}\n", "refers to itself"),
    ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcde", "bcdef",
                                                                     strict=True)),
     "once its aliases are expanded"),
    ("[" * 300 + "]" * 300, "nested"),
])
def test_loops_explosions_and_deep_nesting_are_refused(text: str, what: str) -> None:
    for read in (yamlsafe.load, yamlsafe.compose):
        with pytest.raises(yamlsafe.YAMLLimit, match=what) as caught:
            read(text)
        assert isinstance(caught.value, yaml.YAMLError)  # callers' YAML handling applies


def test_a_large_but_honest_document_loads() -> None:
    text = "items:\n" + "".join(f"  - {{id: {n}, name: n{n}}}\n" for n in range(20000))
    assert len(yamlsafe.load(text)["items"]) == 20000


def test_nesting_the_parser_itself_refuses_is_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):  # the C scanner's own limit, or ours
        yamlsafe.load("[" * 5000 + "]" * 5000)
