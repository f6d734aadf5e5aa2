"""Realistic sample records in bulk, for benchmarks, demonstrations and load tests; not part of
the site (only ``manage.py generate_sample_data``, ``bench/`` and the tests import it).

``generate_sample_data(meetings=2_000, resolutions=100_000, seed=1)`` writes decades of
records of several meeting series: co-chairs and delegations, agenda items, numbered
paragraphs whose text carries each resolution word for word, every operative verb, parties,
follow-up actions at every precision and status, and progress reported at later meetings of
the same series. Most records are published; some are drafts, in review or withdrawn.

It writes a chunk of meetings at a time inside one transaction (many-to-many rows through
their through models): on PostgreSQL with ``COPY`` on a thread of its own while the next chunk
is built, the tables' secondary indexes and foreign keys made once after the load and the
tables analysed (``rows.loading_in_bulk``); elsewhere with ``bulk_create`` in batches. It is
deterministic: the same seed on an empty database gives the same records, primary keys
included on PostgreSQL.

``vocabulary.py`` holds the words, names and phrases; ``reference.py`` the countries,
organisations, people and series; ``generator.py`` the meetings; ``rows.py`` the writing.
"""

from records.sample_data.generator import generate_sample_data
from records.sample_data.rows import flush_records

__all__ = ["flush_records", "generate_sample_data"]
