"""Model releases on the Hugging Face Hub: ``mof scan hf:org/name[@revision]``.

Modules: ``location`` (what the user typed), ``options`` (endpoint, token,
offline, cache, retries — from the environment), ``client`` (``huggingface_hub``
calls with retries and one-line errors), ``cache`` (disk cache per repo and
commit), ``records`` (typed repo info), ``snapshot`` (the repo as a snapshot:
small files read, weights listed only), ``fetch`` (one repo, ready to scan),
``cards`` (card metadata), ``datasets`` (dataset cards as evidence),
``lineage`` (base models and inheritance), ``scan`` (the whole scan and its
report part).

Nothing here imports ``huggingface_hub`` at import time.
"""

from mofkit.sources.hf.location import HubLocation, is_hf_location, parse_hf_location

__all__ = ["HubLocation", "is_hf_location", "parse_hf_location"]
