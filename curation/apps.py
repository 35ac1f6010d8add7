from django.apps import AppConfig


class CurationConfig(AppConfig):
    """Review queue, corrections, unit merges and undo, possible duplicates, the audit
    log, backup and restore: the work of keeping the ledger right."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "curation"
    verbose_name = "审核与维护"
