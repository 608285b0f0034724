from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path(
        "cases/<slug:slug>/export/csv/",
        export_views.case_export_csv,
        name="case_export_csv",
    ),
    path(
        "cases/<slug:slug>/export/pdf/",
        export_views.case_export_pdf,
        name="case_export_pdf",
    ),
    path(
        "cases/<slug:slug>/export/timelinejs/",
        export_views.case_export_timelinejs,
        name="case_export_timelinejs",
    ),
    path(
        "cases/<slug:slug>/export/json/",
        export_views.case_export_json,
        name="case_export_json",
    ),
]
