"""Model Openness Tool records (the tool's YAML model files) in and out.

``load_record(path)`` reads a record, validates it against the tool's JSON
schema (``data/mof_schema.json``, from lfai/model_openness_tool 8b5d30e) and
returns a :class:`mofkit.release.Release`. It tolerates what historic records
do - unquoted dates, ``license: null``, a missing ``framework`` block, older
component spellings - and says so in ``Release.notes``. What cannot be read is
an :class:`InputError` naming the file: a missing file, broken YAML, a record
that is not a mapping, a schema violation, an unknown component name.

``dump_record(release)`` writes a release back in the tool's format; a record
read and written again loads to the same release (``mof export``).
"""

from __future__ import annotations

import datetime as _dt
import json
import stat
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from mofkit import yamlsafe
from mofkit.errors import InputError
from mofkit.release import (
    GLOBAL_SCOPES,
    ComponentEntry,
    LicenceStatement,
    Release,
    ReleaseDate,
)
from mofkit.rules import load_mof

FRAMEWORK_NAME = "Model Openness Framework"
FRAMEWORK_DEFAULT = {"name": FRAMEWORK_NAME, "version": "1.0", "date": "2024-12-15"}
UNLICENSED = "unlicensed"
RELEASE_FIELDS = (
    "name", "version", "date", "type", "architecture", "treatment", "origin", "producer",
    "contact", "repository", "huggingface",
)
COMPONENT_KEYS = ("name", "description", "license", "license_path", "component_path")


@cache
def _validator() -> Any:
    """The tool's JSON schema, compiled once (fastjsonschema: fast to load and to run)."""
    import fastjsonschema

    schema = json.loads(
        resources.files("mofkit.sources").joinpath("data/mof_schema.json").read_text("utf-8")
    )
    return fastjsonschema.compile(schema)


MAX_RECORD_BYTES = 64 << 20  # a record is a few kB; the tool's largest are under 100 kB


def load_record(path: str | Path) -> Release:
    """Read a MOT record file into a Release."""
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError
        if not stat.S_ISREG(info.st_mode):  # a FIFO or a device: reading would block
            raise InputError("not a regular file", str(path))
        if info.st_size > MAX_RECORD_BYTES:
            raise InputError(f"too large for a model record ({info.st_size / 1e6:.0f} MB; "
                             f"at most {MAX_RECORD_BYTES / 1e6:.0f} MB)", str(path))
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", str(path)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a record file", str(path)) from None
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    return parse_record(text, source=str(path))


def parse_record(text: str, source: str = "<record>") -> Release:
    """Parse the text of a MOT record (YAML, or JSON as the tool's API returns)."""
    try:
        data = yamlsafe.load(text, fast=True)
    except yamlsafe.YAMLLimit as exc:  # valid YAML, but aliases that explode or loop
        raise InputError(f"not read: {exc.problem}", source) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        kind = "JSON" if source.lower().endswith(".json") else "YAML"  # read as YAML
        raise InputError(f"malformed {kind}{where}: {problem}", source) from None
    return record_to_release(data, source)


def record_to_release(data: Any, source: str = "<record>") -> Release:
    notes: list[str] = []
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InputError(f"not a model record: expected a mapping, got {kind}", source)
    data = _jsonable(data)
    if "release" not in data and "name" in data and "components" in data:
        notes.append("record has no framework/release wrapper; read as a bare release")
        data = {"release": data}
    if "framework" not in data:
        notes.append("record has no 'framework' block; assumed MOF 1.0")
        data = {"framework": dict(FRAMEWORK_DEFAULT), **data}
    release = data.get("release")
    if isinstance(release, dict):
        release.setdefault("license", {})
        if release.get("license") is None or release.get("license") == []:
            # null in hand-written records, [] in the tool's API output (an empty PHP array)
            release["license"] = {}
        for comp in release.get("components") or []:
            if isinstance(comp, dict):
                for key in ("license", "license_path", "component_path", "description"):
                    if key in comp and comp[key] is None:
                        del comp[key]
                        if key == "license":
                            notes.append(
                                f"component {comp.get('name')!r}: 'license: null' read as no "
                                "component licence (inherits)"
                            )
    import fastjsonschema

    try:
        _validator()(data)
    except fastjsonschema.JsonSchemaValueException as err:
        name = err.name or "data"
        where = name.removeprefix("data").lstrip(".") or "(top level)"
        message = err.message.removeprefix(name).strip()
        raise InputError(f"not a valid MOT record: {where}: {message}", source) from None
    return _to_release(data, source, notes)


def _to_release(data: dict[str, Any], source: str, notes: list[str]) -> Release:
    rules = load_mof()
    rel = data["release"]
    licences: dict[str, LicenceStatement] = {}
    for scope, value in (rel.get("license") or {}).items():
        if scope not in GLOBAL_SCOPES:
            notes.append(f"unknown global licence scope {scope!r} ignored")
            continue
        if isinstance(value, dict):
            licences[scope] = LicenceStatement(_str(value.get("name")), _str(value.get("path")))
        elif isinstance(value, str):
            licences[scope] = LicenceStatement(value or None, None)
    components: list[ComponentEntry] = []
    seen: dict[str, int] = {}
    for item in rel.get("components") or []:
        written = str(item.get("name", ""))
        comp = rules.resolve_name(written)
        if comp is None:
            raise InputError(
                f"unknown component name {written!r} (the MOF has: "
                + ", ".join(c.name for c in rules.components) + ")",
                source,
            )
        if written != comp.name:
            notes.append(f"component name {written!r} read as {comp.name!r}")
        licence: str | None = None
        if "license" in item:
            raw = str(item["license"])
            licence = "" if raw == UNLICENSED or raw == "" else raw
        entry = ComponentEntry(
            component=comp.id,
            written_name=written,
            description=_str(item.get("description")),
            licence=licence,
            licence_path=_str(item.get("license_path")),
            component_path=_str(item.get("component_path")),
            extra={k: v for k, v in item.items() if k not in COMPONENT_KEYS},
        )
        if comp.id in seen:
            # The tool keys components by id: a repeated entry replaces the earlier one.
            notes.append(f"component {comp.name!r} listed twice; the last entry counts")
            components[seen[comp.id]] = entry
        else:
            seen[comp.id] = len(components)
            components.append(entry)
    field = {k: _str(rel.get(k)) for k in RELEASE_FIELDS}
    released = _release_date(rel, source, notes)
    return Release(
        name=field["name"] or "",
        source=source,
        version=field["version"], date=field["date"], release_date=released,
        type=field["type"],
        architecture=field["architecture"], treatment=field["treatment"],
        origin=field["origin"], producer=field["producer"], contact=field["contact"],
        repository=field["repository"], huggingface=field["huggingface"],
        licences=licences,
        components=components,
        extra={k: v for k, v in rel.items() if k not in (*RELEASE_FIELDS, "license", "components")},
        framework=dict(data.get("framework") or {}),
        notes=notes,
    )


RELEASE_DATE_KEYS = ("release_date", "released")


def _release_date(rel: dict[str, Any], source: str, notes: list[str]) -> ReleaseDate | None:
    """The model's release date, when the record gives one besides its own ``date``
    (the schema allows extra fields: ``release_date: 2024-04-18``, or ``YYYY-MM``). It
    stays among the record's extra fields, so the record round-trips unchanged."""
    for key in RELEASE_DATE_KEYS:
        value = rel.get(key)
        if value is None:
            continue
        text = _jsonable(value)
        try:
            if isinstance(text, str) and len(text) == 7:
                _dt.date.fromisoformat(text + "-01")
            else:
                _dt.date.fromisoformat(str(text)[:10])
        except ValueError:
            notes.append(f"{key} {str(value)[:40]!r} is not a date (YYYY-MM-DD or YYYY-MM); "
                         "the release date is unknown")
            return None
        return ReleaseDate(str(text)[:10], "record", f"{Path(source).name}: {key}")
    return None


def release_to_record(release: Release) -> dict[str, Any]:
    """A release as a MOT record (a plain dict, ready for YAML or JSON)."""
    rules = load_mof()
    rel: dict[str, Any] = {"name": release.name}
    for key in RELEASE_FIELDS[1:]:
        value = getattr(release, key)
        if value is not None:
            rel[key] = value
    rel["license"] = {
        scope: {"name": st.name, "path": st.path}
        for scope in GLOBAL_SCOPES
        if (st := release.licences.get(scope)) is not None
    }
    comps = []
    for entry in release.components:
        comp = rules.by_id[entry.component]
        item: dict[str, Any] = {"name": comp.name, "description": entry.description or
                                comp.description}
        if entry.licence is not None:
            item["license"] = entry.licence if entry.licence else UNLICENSED
        if entry.licence_path:
            item["license_path"] = entry.licence_path
        if entry.component_path:
            item["component_path"] = entry.component_path
        item.update(entry.extra)
        comps.append(item)
    rel["components"] = comps
    rel.update(release.extra)
    framework = {**FRAMEWORK_DEFAULT, **release.framework}
    return {"framework": framework, "release": rel}


def dump_record(release: Release) -> str:
    """A release as the text of a MOT YAML record."""
    return yaml.safe_dump(
        release_to_record(release), sort_keys=False, allow_unicode=True, width=100
    )


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return str(value)


def _jsonable(value: Any) -> Any:
    """YAML scalars JSON has no type for (dates) become strings, as the tool stores them.
    (Alias loops and explosions never get here: :mod:`mofkit.yamlsafe` refuses them.)"""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.datetime | _dt.date):
        return value.isoformat()
    return value
