"""Settings for the test suite: a plain `pytest` runs with DEBUG on, as `make test` does.

Only pytest loads this module (pyproject.toml, [tool.pytest.ini_options]); `config.settings`, which every server and
command uses, still fails closed without DEBUG. An explicit DEBUG in the environment wins.
"""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: F403
