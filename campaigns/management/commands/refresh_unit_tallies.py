from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns.tallies import refresh_unit_tallies


class Command(BaseCommand):
    help = (
        "Recount every unit's accepted activities and volunteer hours (the figures the unit list "
        "sorts by). Saves through the site and the importer keep them current by themselves; run "
        "this after loading fixtures or other bulk writes that bypass the models."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            written = refresh_unit_tallies()
        if options["verbosity"]:
            self.stdout.write(f"已重算 {written} 个单位的活动数与志愿服务时长")
