"""Reading an export's rows a chunk at a time (core.export_rows): the many-valued
cells of a chunk are fetched on a second connection outside a transaction, in
line inside one, and either way the rows are the resource's own."""

import threading

import pytest
from django.db import transaction

from core.export_rows import FIRST_CHUNK, _chunks, with_fetched
from core.exports import export_rows
from reports.exports import EXPORTS
from tests.core.exportdata import queryset_for


def fetch_thread_names(chunks):
    seen = []

    def fetch(chunk):
        seen.append(threading.current_thread().name)
        return [{"rows": len(chunk)}]

    results = [fetched for _, fetched in with_fetched(iter(chunks), fetch, using="default")]
    return seen, results


def test_outside_a_transaction_a_worker_thread_fetches_each_chunk(transactional_db):
    seen, results = fetch_thread_names([[1, 2], [3]])
    assert results == [[{"rows": 2}], [{"rows": 1}]]
    assert all(name.startswith("export-fetch") for name in seen)


def test_inside_a_transaction_the_chunks_are_fetched_in_line(db):
    # A second connection would not see the transaction's rows.
    with transaction.atomic():
        seen, results = fetch_thread_names([[1, 2], [3]])
    assert results == [[{"rows": 2}], [{"rows": 1}]]
    assert seen == [threading.current_thread().name] * 2


def test_the_first_chunk_is_small_and_the_rest_full():
    sizes = [len(chunk) for chunk in _chunks(iter(range(FIRST_CHUNK + 25)), 10)]
    assert sizes[0] == 10
    assert sum(sizes) == FIRST_CHUNK + 25
    assert [len(chunk) for chunk in _chunks(iter(range(FIRST_CHUNK + 7)), FIRST_CHUNK * 2)] == [FIRST_CHUNK, 7]


@pytest.mark.django_db(transaction=True)
def test_rows_fetched_on_the_second_connection_are_the_resources_own(export_ledger):
    spec = EXPORTS["activities"]
    resource = spec.resource()
    expected = [resource.export_resource(obj) for obj in queryset_for(spec)]
    assert [list(row) for row in export_rows(resource, queryset_for(spec))] == expected
    assert any("、" in cell for row in expected for cell in row if isinstance(cell, str))
