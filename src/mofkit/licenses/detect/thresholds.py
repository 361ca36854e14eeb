"""Which rules the aligner may try: ScanCode's approximate-matchability limits.

Read by the index (which rules are aligned at all, and the rare words each must
share) and by the candidate ranking and the aligner; kept apart so that neither
imports the other's module.
"""

MIN_RULE_LEN = 6  # shorter rules only match exactly (ScanCode's "tiny" rules)
SMALL_RULE = 15  # shorter rules need 80% coverage; short references only match exactly
MIN_CONTAINMENT = 0.5
