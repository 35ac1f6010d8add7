"""Admin bases every app's admin builds on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class GuardedHistoryAdmin(SimpleHistoryAdmin):
    """The base of every admin with history. The revert form saves the object, but
    django-simple-history asks only for view permission there: a 查看员 could change
    any record through it. A revert needs change permission, to see it as to post it."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_change_permission(request, self.get_object(request, object_id)):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)
