"""The assessment's own shape (``Assessment.to_dict()``) as JSON or YAML."""

from __future__ import annotations

import json
from typing import Any

from mofkit.assess.model import Assessment


def dump_json(items: Any) -> str:
    return json.dumps(items, indent=2, ensure_ascii=False) + "\n"


def dump_yaml(items: Any) -> str:
    import yaml

    return yaml.safe_dump(items, sort_keys=False, allow_unicode=True)


def render_json(assessments: list[Assessment], **_: Any) -> str:
    return dump_json([a.to_dict() for a in assessments])


def render_yaml(assessments: list[Assessment], **_: Any) -> str:
    return dump_yaml([a.to_dict() for a in assessments])
