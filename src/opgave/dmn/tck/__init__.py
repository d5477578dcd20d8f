"""Run the DMN Technology Compatibility Kit (TCK) test cases against this engine."""

from opgave.dmn.tck.runner import CaseResult, TckReport, run_tck

__all__ = ["CaseResult", "TckReport", "run_tck"]
