"""``field__id_in=ids``: a list of integer ids, written into the statement.

A search that first finds its rows' ids (the units named like a word, their
activities) hands thousands of them to the list's query, and Django's ``__in``
prepares, resolves and binds each value every time the query is compiled: a
list page compiles it four or five times (the count, the page's ids, their cache
keys), 50 ms for 5,000 ids. Integers checked by ``int()`` are safe to write
into the SQL as they are; the database sees the same IN list either way.

PostgreSQL gets one array instead (``= ANY(%s)``, one parameter): it turns an IN
list into that array anyway, and parsing 10,000 separate constants cost it a
quarter of an export's organiser lookups (48 → 37 ms per 10,000 activities).
"""

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models import Lookup


@models.IntegerField.register_lookup
@models.ForeignKey.register_lookup
class IdIn(Lookup):
    lookup_name = "id_in"
    prepare_rhs = False

    def get_prep_lookup(self) -> list[int]:
        return sorted({int(pk) for pk in self.rhs})

    def as_sql(self, compiler, connection):
        lhs, params = self._column(compiler, connection)
        return f"{lhs} IN ({','.join(map(str, self.rhs))})", params

    def as_postgresql(self, compiler, connection):
        lhs, params = self._column(compiler, connection)
        return f"{lhs} = ANY(%s)", (*params, self.rhs)

    def _column(self, compiler, connection):
        if not self.rhs:
            raise EmptyResultSet
        return self.process_lhs(compiler, connection)
