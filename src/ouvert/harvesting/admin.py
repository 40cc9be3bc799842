from django.contrib import admin

from ouvert.harvesting.models import HarvestedDataset, HarvestRun, HarvestSource


@admin.register(HarvestSource)
class HarvestSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "protocol", "organisation", "schedule", "is_active"]
    list_filter = ["protocol", "schedule", "is_active"]


@admin.register(HarvestRun)
class HarvestRunAdmin(admin.ModelAdmin):
    list_display = ["source", "started_at", "status", "created", "updated", "archived", "failed"]
    list_filter = ["status"]


@admin.register(HarvestedDataset)
class HarvestedDatasetAdmin(admin.ModelAdmin):
    list_display = ["remote_id", "source", "dataset", "harvested_at"]
    raw_id_fields = ["dataset"]
