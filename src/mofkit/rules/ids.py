"""Names the code refers to, spelled once: component ids, rule-set names and
class numerals. Every id here is checked against the rules data
(``mof-1.0.yml``) by ``tests/test_rules.py``, so a renamed component fails
the suite instead of silently matching nothing.
"""

from __future__ import annotations

# Component ids (mof-1.0.yml ``components[].id``) the code singles out.
WEIGHTS = "model-parameters-final"
INTERMEDIATE_WEIGHTS = "model-parameters-intermediate"
ARCHITECTURE = "model-architecture"
MODEL_CARD = "model-card"
DATA_CARD = "data-card"
DATASETS = "datasets"
EVALUATION_DATA = "evaluation-data"
DATA_PREPROCESSING_CODE = "data-preprocessing-code"
RESEARCH_PAPER = "research-paper"
TECHNICAL_REPORT = "technical-report"

COMPONENT_IDS: tuple[str, ...] = (
    WEIGHTS, INTERMEDIATE_WEIGHTS, ARCHITECTURE, MODEL_CARD, DATA_CARD, DATASETS,
    EVALUATION_DATA, DATA_PREPROCESSING_CODE, RESEARCH_PAPER, TECHNICAL_REPORT,
)

# Rule sets: the MOF as written, and the Model Openness Tool's exact verdicts.
MOF = "mof"
MOT_COMPAT = "mot-compat"
RULE_SETS: tuple[str, ...] = (MOF, MOT_COMPAT)
