"""JSON that keeps every microsecond of a timestamp.

Django's JSON (DjangoJSONEncoder, and so dumpdata) cuts datetimes to milliseconds:
a backup restored and backed up again would differ, and an undone merge would not
give back the exact values. Merge snapshots use LosslessJSONEncoder; backups are
written in the "lossless-json" serialization format (SERIALIZATION_MODULES), which
Django's own JSON deserializer reads back.
"""

import datetime

from django.core.serializers.json import (
    Deserializer,  # noqa: F401  (the format's reader)
    DjangoJSONEncoder,
)
from django.core.serializers.json import Serializer as JSONSerializer


class LosslessJSONEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text.removesuffix("+00:00") + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = LosslessJSONEncoder
