"""Coverage-guided fuzzing of the profile readers with atheris, run by hand (not by pytest).

    .venv/bin/pip install -e '.[fuzz]'
    python tests/reliability/atheris_profiles.py -max_total_time=600 CORPUS_DIR

Seeds CORPUS_DIR with the fixtures, then lets libFuzzer mutate them with coverage of
gostuck.profile as its guide. Any exception other than ProfileError is a crash that
libFuzzer reports with the input that caused it. The hypothesis tests in
test_fuzz_profiles.py cover the same property in every test run; this finds inputs that
random mutation reaches only rarely (deep parser states of the text formats).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path
from typing import Any

atheris: Any = importlib.import_module("atheris")

with atheris.instrument_imports(include=["gostuck"]):
    from gostuck.profile import ProfileError, read_bytes, sites

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def one_input(data: bytes) -> None:
    """Read ``data`` as a profile; only ProfileError may come out."""
    try:
        profile = read_bytes(data, "fuzz.prof", max_bytes=1 << 20)
    except ProfileError:
        return
    sites(profile)


def main() -> None:
    """Seed the corpus folder (last argument) with the fixtures and run libFuzzer."""
    corpus = Path(sys.argv[-1]) if len(sys.argv) > 1 and not sys.argv[-1].startswith("-") else None
    if corpus is not None:
        corpus.mkdir(parents=True, exist_ok=True)
        for p in FIXTURES.iterdir():
            if p.suffix in (".txt", ".gz"):
                shutil.copy(p, corpus / p.name)
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
