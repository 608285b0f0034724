from django.urls import path

from . import case_views

app_name = "cases"

# Included before timeline.urls: "cases/new/" must not be read as a case's slug
# (timeline.cases never gives a case that slug).
urlpatterns = [
    path("cases/new/", case_views.case_create, name="case_create"),
    path("cases/<slug:slug>/members/", case_views.case_members, name="case_members"),
    path("cases/<slug:slug>/members/add/", case_views.member_add, name="member_add"),
    path(
        "cases/<slug:slug>/members/<int:pk>/role/",
        case_views.member_role,
        name="member_role",
    ),
    path(
        "cases/<slug:slug>/members/<int:pk>/remove/",
        case_views.member_remove,
        name="member_remove",
    ),
    path("cases/<slug:slug>/archive/", case_views.case_archive, name="case_archive"),
    path("cases/<slug:slug>/restore/", case_views.case_restore, name="case_restore"),
]
