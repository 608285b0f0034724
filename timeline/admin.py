from django.contrib import admin

from . import cases
from .models import Case, Event, EventSource, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "created_at", "archived_at"]
    list_filter = [("archived_at", admin.EmptyFieldListFilter)]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]
    actions = ["archive", "restore"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Deleting a case deletes its articles, events and history with it;
        # cases are archived instead (timeline.cases).
        return False

    @admin.action(description="Archive the selected cases")
    def archive(self, request, queryset) -> None:
        for case in queryset:
            cases.archive_case(case)

    @admin.action(description="Restore the selected cases")
    def restore(self, request, queryset) -> None:
        for case in queryset:
            cases.restore_case(case)


class EventSourceInline(admin.TabularInline):
    model = EventSource
    fk_name = "event"
    extra = 0
    raw_id_fields = ["article", "depends_on"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["date", "precision", "summary", "status", "origin", "case"]
    list_filter = ["status", "origin", "case"]
    search_fields = ["summary"]
    inlines = [EventSourceInline]
