"""Is a string a Hugging Face Hub model id, a local path, or neither?

Hub ids follow the Hub's naming rules: ``org/name`` or a legacy bare ``name``
(``gpt2``), letters, digits, ``-``, ``_`` and ``.``, at most 96 characters per
part, not starting or ending with ``-`` or ``.``. A ``huggingface.co`` model URL
counts as its id. Anything that reads as a path (``./model``, ``/models/x``,
``~/x``, ``C:\\x``, three or more parts, a weights file name) is local: the
libraries load those from disk, so they are not Hub models.
"""

from __future__ import annotations

import re
from typing import Literal

_PART = r"[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9_])?"
_HUB_ID = re.compile(rf"^(?:{_PART}/)?{_PART}$")
_HF_URL = re.compile(rf"^https?://(?:www\.)?(?:huggingface\.co|hf\.co)/(?P<id>{_PART}/{_PART})"
                     r"(?:/(?:tree|blob|resolve)/(?P<rev>[^/\s]+)(?:/.*)?)?/?$")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_WEIGHT_SUFFIXES = (".bin", ".pt", ".pth", ".safetensors", ".gguf", ".ggml", ".onnx", ".ckpt",
                    ".h5", ".msgpack", ".json", ".model", ".tflite", ".pkl")
_NOT_MODELS = frozenset({"datasets", "spaces", "docs", "api", "models", "organizations"})

Classified = tuple[Literal["hub", "local"], str, str | None]


def classify(value: str, *, bare_ok: bool = True) -> Classified | None:
    """``("hub", id, revision-from-URL)``, ``("local", path, None)`` or None (not a
    model reference). ``bare_ok=False`` asks for ``org/name`` (for config keys
    that may hold other things)."""
    text = value.strip()
    if not text or len(text) > 300 or any(ch in text for ch in "\n\r\t"):
        return None
    url = _HF_URL.match(text)
    if url:
        if url.group("id").split("/")[0] in _NOT_MODELS:
            return None
        return ("hub", url.group("id"), url.group("rev"))
    if "://" in text:
        return None  # another kind of URL: not a Hub model
    if (text.startswith((".", "/", "~", "\\", "$")) or "\\" in text or _DRIVE.match(text)
            or text.count("/") > 1 or text.lower().endswith(_WEIGHT_SUFFIXES)):
        return ("local", text, None)
    if _HUB_ID.match(text) and "--" not in text and ".." not in text:
        if "/" not in text and not bare_ok:
            return None
        return ("hub", text, None)
    return None
