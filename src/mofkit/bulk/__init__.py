"""Bulk scans: rate thousands of sources (Hub models, folders, git URLs) with
``mof scan``'s engine, on this machine or on a Ray cluster.

Modules: ``sources`` (list files, the Hub's search API), ``records`` (tasks,
result and error records, failure causes), ``worker`` (one worker: licence
index loaded once, per-source timeout), ``budget`` (the Hub rate budget shared
by all workers), ``local`` (process pool), ``ray_backend`` (Ray actors),
``output`` (the JSON-lines results file, safe to kill), ``summary`` (counts
at the end), ``runner`` (a whole run, with resume).

Nothing here is imported by ``mof --help``; ``ray`` and ``huggingface_hub`` are
imported only when a run needs them.
"""
