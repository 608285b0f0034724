from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("cases/<slug:slug>/articles/", views.article_list, name="article_list"),
    path(
        "cases/<slug:slug>/articles/upload/",
        views.article_upload,
        name="article_upload",
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/",
        views.article_detail,
        name="article_detail",
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/reprocess/",
        views.article_reprocess,
        name="article_reprocess",
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/delete/",
        views.article_delete,
        name="article_delete",
    ),
    path(
        "cases/<slug:slug>/articles/trash/", views.article_trash, name="article_trash"
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/restore/",
        views.article_restore,
        name="article_restore",
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/purge/",
        views.article_purge,
        name="article_purge",
    ),
    path(
        "cases/<slug:slug>/articles/<int:pk>/original/",
        views.article_original,
        name="article_original",
    ),
]
