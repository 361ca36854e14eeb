"""mofkit: how open is this AI model, really?

Rates AI model releases against the Model Openness Framework (MOF 1.0) and the
OSI Open Source AI Definition (OSAID 1.0), with the evidence for every verdict.
"""

__version__ = "0.1.0"
