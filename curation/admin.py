"""Curation's additions to the admin: the merge records with their undo action, and
the "合并所选单位" action on the unit change list (registered by units/)."""

from django.contrib import admin

from core.admin import extend_registered_admin
from curation.merge_admin import UnitMergeActionMixin, UnitMergeAdmin
from units.models import Unit, UnitMerge

# Written by curation.merging.unit_merge; read and undone here.
admin.site.register(UnitMerge, UnitMergeAdmin)
extend_registered_admin(Unit, UnitMergeActionMixin)
