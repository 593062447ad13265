"""sagskvalitet: tooling around the case-handling quality warehouse.

Sub-modules: ``workcal`` (Danish working-day calendar), ``contract`` (the export
contract), ``generator`` (synthetic exports and their ground truth), ``landing``
(validation, pseudonymisation, Parquet), ``verify`` (marts against the truth).
"""

__version__ = "0.1.0"
