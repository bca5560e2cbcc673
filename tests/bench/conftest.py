import sys
from pathlib import Path

# The bench package is a tool run from the repository root (`python -m bench`), not part of
# the installed distribution; its tests import it from the checkout.
REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
