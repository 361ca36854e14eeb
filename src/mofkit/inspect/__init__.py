"""Inspectors: one module per kind of evidence, each returning findings
(component, path, line, why, licence, confidence). ``scan`` runs them all and
builds the :class:`~mofkit.release.Release` the assessment consumes."""

from mofkit.inspect.finding import INCLUDE_AT, Finding
from mofkit.inspect.scan import ScanResult, scan

__all__ = ["INCLUDE_AT", "Finding", "ScanResult", "scan"]
