from django.contrib import admin

from .models import Case, Event, EventSource, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "created_at"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [MembershipInline]


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
