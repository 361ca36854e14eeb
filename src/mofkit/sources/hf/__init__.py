"""Model releases on the Hugging Face Hub: ``mof scan hf:org/name[@revision]``.

Modules: ``location`` (what the user typed), ``options`` (endpoint, token,
offline, cache, retries — from the environment), ``client`` (``huggingface_hub``
calls with retries and one-line errors), ``cache`` (disk cache per repo and
commit), ``records`` (typed repo info), ``snapshot`` (the repo as a snapshot:
small files read, weights listed only), ``fetch`` (one repo, ready to scan),
``cards`` (card metadata), ``datasets`` (dataset cards: licence, gating, words).
This package only fetches: what the Hub's answers mean for a release — the
Hub's evidence, dataset cards as evidence, lineage and inheritance — is
:mod:`mofkit.pipeline` (``hub``, ``follow``, ``lineage``) and
:mod:`mofkit.inspect.dataset_cards`; the Hub's report section is
:mod:`mofkit.report.scan_text`.

Nothing here imports ``huggingface_hub`` at import time.
"""

from mofkit.sources.hf.location import HubLocation, is_hf_location, parse_hf_location

__all__ = ["HubLocation", "is_hf_location", "parse_hf_location"]
