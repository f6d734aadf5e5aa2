import pytest

from records.seed import load_seed_records


@pytest.fixture
def seed():
    """The shipped Third HLM record (and the Second HLM it refers to)."""
    return load_seed_records()
