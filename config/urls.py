from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

urlpatterns = [
    # Browsers and feed readers ask for /favicon.ico whatever the page links to;
    # lazy, so that the static files' manifest is read only when it is asked for.
    path(
        "favicon.ico",
        RedirectView.as_view(url=lazy(static, str)("favicon.svg"), permanent=True),
        name="favicon",
    ),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("timeline.case_urls")),
    path("", include("timeline.urls")),
    path("", include("timeline.export_urls")),
    path("", include("articles.urls")),
]

handler500 = "config.errors.server_error_or_outage"
