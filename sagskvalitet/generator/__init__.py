"""Synthetic export generator: ``simulate`` (the story), ``writers`` (the files),
``quirks`` (how real exports are written), ``truth`` (the expected figures), ``cli``."""
