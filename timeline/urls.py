from django.urls import path

from . import views

app_name = "timeline"

event = "cases/<slug:slug>/events/<uuid:code>/"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("cases/<slug:slug>/", views.case_detail, name="case_detail"),
    path("cases/<slug:slug>/live/", views.case_live, name="case_live"),
    path("cases/<slug:slug>/events/new/", views.event_create, name="event_create"),
    path(
        "cases/<slug:slug>/events/deleted/",
        views.events_deleted,
        name="events_deleted",
    ),
    path("cases/<slug:slug>/events/merge/", views.events_merge, name="events_merge"),
    path(
        "cases/<slug:slug>/events/approve/",
        views.events_review,
        {"action": "approve"},
        name="events_approve",
    ),
    path(
        "cases/<slug:slug>/events/reject/",
        views.events_review,
        {"action": "reject"},
        name="events_reject",
    ),
    path(
        "cases/<slug:slug>/events/reopen/",
        views.events_review,
        {"action": "reopen"},
        name="events_reopen",
    ),
    path(event, views.event_detail, name="event_detail"),
    path(f"{event}sources/", views.event_sources, name="event_sources"),
    path(f"{event}history/", views.event_history, name="event_history"),
    path(f"{event}edit/", views.event_edit, name="event_edit"),
    path(
        f"{event}approve/",
        views.event_review,
        {"action": "approve"},
        name="event_approve",
    ),
    path(
        f"{event}reject/", views.event_review, {"action": "reject"}, name="event_reject"
    ),
    path(
        f"{event}reopen/", views.event_review, {"action": "reopen"}, name="event_reopen"
    ),
    path(f"{event}delete/", views.event_delete, name="event_delete"),
    path(f"{event}restore/", views.event_restore, name="event_restore"),
    path(f"{event}revert/", views.event_revert, name="event_revert"),
    path(f"{event}date/", views.event_pick_date, name="event_pick_date"),
    path(
        "cases/<slug:slug>/sources/<int:pk>/move/",
        views.source_move,
        name="source_move",
    ),
    path(
        "cases/<slug:slug>/suggestions/<int:pk>/merge/",
        views.suggestion_merge,
        name="suggestion_merge",
    ),
    path(
        "cases/<slug:slug>/suggestions/<int:pk>/apart/",
        views.suggestion_apart,
        name="suggestion_apart",
    ),
    path(
        "cases/<slug:slug>/sources/<int:pk>/detach/",
        views.source_detach,
        name="source_detach",
    ),
]
