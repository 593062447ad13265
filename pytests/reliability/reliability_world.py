"""Constants shared by the reliability tests (a unique module name: test dirs share sys.path)."""

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TEST_KEY = "reliability-test-key"
# Two deliveries of a small data set: June and July 2010 (both case systems in use).
DELIVERIES = ("2010-06-30", "2010-07-31")
