"""`mof audit`: which models a codebase uses, and whether the policy allows them.

Modules: ``usage`` (what discovery finds), ``hubids`` (Hub id or local path),
``walk`` (which files to read), ``pycalls`` (Python calls, with ``ast``),
``configs`` (YAML/JSON/TOML and ``models.txt``), ``discover`` (the whole
discovery), ``policy`` and ``policy_schema`` (``mof-policy.yml``),
``obligations`` (what each licence obliges, from the catalog), ``assessor``
(each distinct model through the Hugging Face scan), ``checks`` (the policy
checks and their rule ids), ``runner`` (everything in order), and the writers
``text``, ``jsonfmt``, ``markdown``, ``sarif`` and ``cyclonedx``.

Importing this package is cheap: the heavy parts load when used.
"""
