"""gostuck: finds goroutines that can never exit."""

from __future__ import annotations

# typing.TYPE_CHECKING, without importing typing: `gostuck test` pays every import before
# its go test starts (see gostuck.testrun).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Final

__version__: Final = "0.1.0"
