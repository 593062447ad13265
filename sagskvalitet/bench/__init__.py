"""Helpers of ``python -m sagskvalitet benchmark`` (``make bench``): measuring a step's
process tree, and writing the results as JSON, Markdown and a chart."""
