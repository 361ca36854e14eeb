"""Names the code refers to, spelled once: component ids and rule-set names. Every
component of the rules data (``mof-1.0.yml``) has its constant here, and
``tests/test_rules.py`` checks the two sets are the same, so a renamed component fails
the suite instead of silently matching nothing. (Class numerals and labels are read from
the data: ``MofRules.numerals()``, ``labels()``.)

Importing this module is cheap (no YAML is read), so command modules use it for their
option defaults.
"""

from __future__ import annotations

# Component ids (mof-1.0.yml ``components[].id``), for the code that singles one out
# (an inspector per component, the SBOM writers' mappings...).
WEIGHTS = "model-parameters-final"
INTERMEDIATE_WEIGHTS = "model-parameters-intermediate"
ARCHITECTURE = "model-architecture"
MODEL_CARD = "model-card"
DATA_CARD = "data-card"
DATASETS = "datasets"
EVALUATION_DATA = "evaluation-data"
EVALUATION_RESULTS = "evaluation-results"
DATA_PREPROCESSING_CODE = "data-preprocessing-code"
TRAINING_CODE = "training-code"
INFERENCE_CODE = "inference-code"
EVALUATION_CODE = "evaluation-code"
SUPPORTING_LIBRARIES = "supporting-libraries"
RESEARCH_PAPER = "research-paper"
TECHNICAL_REPORT = "technical-report"
SAMPLE_OUTPUTS = "sample-model-outputs"
MODEL_METADATA = "model-metadata"

COMPONENT_IDS: tuple[str, ...] = (
    WEIGHTS, INTERMEDIATE_WEIGHTS, ARCHITECTURE, MODEL_CARD, DATA_CARD, DATASETS,
    EVALUATION_DATA, EVALUATION_RESULTS, DATA_PREPROCESSING_CODE, TRAINING_CODE,
    INFERENCE_CODE, EVALUATION_CODE, SUPPORTING_LIBRARIES, RESEARCH_PAPER, TECHNICAL_REPORT,
    SAMPLE_OUTPUTS, MODEL_METADATA,
)

# Rule sets: the MOF as written, and the Model Openness Tool's exact verdicts.
MOF = "mof"
MOT_COMPAT = "mot-compat"
RULE_SETS: tuple[str, ...] = (MOF, MOT_COMPAT)
