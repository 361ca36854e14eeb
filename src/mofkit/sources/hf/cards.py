"""Reading card metadata as the Hub serves it: the licence a card states, the
base models and datasets it names."""

from __future__ import annotations

from typing import Any


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    return []


def card_licence(card: dict[str, Any]) -> str | None:
    """The licence as the card writes it: ``license``, or ``license_name`` when the
    Hub id is ``other`` (``license: other`` + ``license_name: llama3``)."""
    names = _names(card.get("license"))
    custom = card.get("license_name")
    if custom and (not names or names == ["other"] or names == ["unknown"]):
        return str(custom)
    if not names:
        return None
    return names[0] if len(names) == 1 else " AND ".join(names)


def base_models(card: dict[str, Any]) -> list[str]:
    return _names(card.get("base_model"))


def datasets(card: dict[str, Any]) -> list[str]:
    return _names(card.get("datasets"))


def evaluation_datasets(card: dict[str, Any]) -> list[str]:
    """Hub dataset ids named by ``model-index`` results (``dataset.type``)."""
    found: list[str] = []
    index = card.get("model-index") or []
    for model in index if isinstance(index, list) else []:
        for result in (model or {}).get("results", []) or []:
            dataset = (result or {}).get("dataset") or {}
            name = dataset.get("type") if isinstance(dataset, dict) else None
            if isinstance(name, str) and "/" in name and name not in found:
                found.append(name)
    return found
