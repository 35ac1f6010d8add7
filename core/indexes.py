"""An index in the order a staff list sorts by.

The lists sort with NULLs last in both directions (core.filtering.nulls_last),
so PostgreSQL emits ``ORDER BY date DESC NULLS LAST, …`` and walks an index for
it only if the index is declared ``DESC NULLS LAST``; without one, every page of
a million-row list sorts the whole filtered table. SQLite refuses NULLS FIRST/LAST
in CREATE INDEX, and needs no such clause: it sorts NULL lowest, so its DESC
already puts NULLs last. ListOrderIndex therefore writes the NULLS clause for
PostgreSQL only.
"""

from django.db import models
from django.db.models.expressions import OrderBy


class ListOrderIndex(models.Index):
    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql":
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = models.Index(
            *(
                OrderBy(term.expression, descending=term.descending) if isinstance(term, OrderBy) else term
                for term in self.expressions
            ),
            name=self.name,
            condition=self.condition,
        )
        return plain.create_sql(model, schema_editor, using=using, **kwargs)
