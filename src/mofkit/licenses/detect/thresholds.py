"""ScanCode's size limits on rules and matches, read by several stages.

Which rules the aligner may try (read by the index: which rules are aligned at
all, and the rare words each must share; and by the candidate ranking and the
aligner), what a small rule is, and how long a licence text matched exactly must
be to be final. Kept apart so that no stage imports another's module for them.
"""

MIN_RULE_LEN = 6  # shorter rules only match exactly (ScanCode's "tiny" rules)
SMALL_RULE = 15  # shorter rules need 80% coverage; short references: Index.small_refs
MIN_CONTAINMENT = 0.5
LONG_TEXT = 120  # words: a licence text this long matched exactly is final (taken out)
