from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from timeline.access import EDIT, get_membership

from . import ingestion
from .forms import PasteForm, PublishedForm, UploadForm, UrlForm
from .models import Article
from .readers import HTML_EXTENSIONS, decode_text, extension
from .rendering import article_text_html, sanitise_html


@login_required
def article_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    case = membership.case
    live = case.articles.filter(trashed_at__isnull=True)
    articles = live.annotate(
        n_sources=Count("event_sources__event", distinct=True)
    ).order_by("-created_at", "-id")
    counts = dict(live.values_list("status").annotate(n=Count("id")).order_by())
    pending = bool(
        counts.get(Article.Status.QUEUED) or counts.get(Article.Status.PROCESSING)
    )
    context = {
        "case": case,
        "membership": membership,
        "articles": articles,
        "counts": [(s, counts.get(s.value, 0)) for s in Article.Status],
        "pending": pending,
        "n_trashed": case.articles.filter(trashed_at__isnull=False).count(),
    }
    if request.htmx and request.htmx.target == "article-table":
        response = render(request, "articles/article_list.html#article-table", context)
        if not pending:
            # Tell htmx the batch is finished so it stops polling.
            final = HttpResponseStopPolling(response.content)
            return final
        return response
    return render(request, "articles/article_list.html", context)


@login_required
def article_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug)
    article = get_object_or_404(Article, case=membership.case, pk=pk)
    form = PublishedForm(initial={"published": article.published})
    if request.method == "POST":
        membership = get_membership(request, slug, EDIT)
        form = PublishedForm(request.POST)
        if form.is_valid():
            ingestion.set_published(
                article,
                form.cleaned_data["published"],
                f"entered by {request.user.get_username()}",
            )
            if article.queue_unreachable:
                messages.warning(request, queue_down_message(article))
            else:
                messages.success(
                    request,
                    "Publication date saved; the article's unreviewed events are "
                    "being dated again from it.",
                )
            return redirect(article)
    sources = article.event_sources.select_related("event__case")
    context = {
        "case": membership.case,
        "membership": membership,
        "article": article,
        "form": form,
        "text_html": article_text_html(article.text, article.timexes, sources),
        "n_events": len({s.event_id for s in sources}),
    }
    if request.htmx and request.htmx.target == "article-live":
        response = render(request, "articles/article_detail.html#live", context)
        # Done or failed: the last refresh, and htmx stops polling.
        return (
            response
            if article.is_pending
            else HttpResponseStopPolling(response.content)
        )
    return render(request, "articles/article_detail.html", context)


@login_required
def article_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    case = membership.case
    upload_form = UploadForm(prefix="upload")
    paste_form = PasteForm(prefix="paste")
    url_form = UrlForm(prefix="url")
    if request.method == "POST":
        kind = request.POST.get("kind")
        by = f"entered by {request.user.get_username()}"
        if kind == "files":
            upload_form = UploadForm(request.POST, request.FILES, prefix="upload")
            valid = upload_form.is_valid()
            for name, reason in getattr(upload_form, "refused", []):
                messages.error(request, f"“{name}” was not uploaded: {reason}")
            if valid and upload_form.cleaned_data["files"]:
                published = upload_form.cleaned_data["published"]
                for upload in upload_form.cleaned_data["files"]:
                    article, created = ingestion.add_file_article(
                        case,
                        name=upload.name,
                        data=upload.read(),
                        published=published,
                        published_source=by,
                        uploaded_by=request.user,
                    )
                    report(request, article, created)
                return redirect("articles:article_list", slug=case.slug)
            if valid and not upload_form.refused:
                upload_form.add_error("files", "Choose at least one file.")
        elif kind == "paste":
            paste_form = PasteForm(request.POST, prefix="paste")
            if paste_form.is_valid():
                data = paste_form.cleaned_data
                article, created = ingestion.add_text_article(
                    case,
                    title=data["title"],
                    text=data["text"],
                    published=data["published"],
                    published_source=by,
                    outlet=data["outlet"],
                    url=data["url"],
                    uploaded_by=request.user,
                )
                report(request, article, created)
                return redirect("articles:article_list", slug=case.slug)
        elif kind == "url":
            url_form = UrlForm(request.POST, prefix="url")
            if url_form.is_valid():
                article, created = ingestion.add_url_article(
                    case,
                    url=url_form.cleaned_data["url"],
                    published=url_form.cleaned_data["published"],
                    published_source=by,
                    uploaded_by=request.user,
                )
                report(request, article, created)
                return redirect("articles:article_list", slug=case.slug)
    return render(
        request,
        "articles/article_upload.html",
        {
            "case": case,
            "membership": membership,
            "upload_form": upload_form,
            "paste_form": paste_form,
            "url_form": url_form,
            "max_mb": settings.MAX_UPLOAD_MB,
        },
    )


def report(request: HttpRequest, article: Article, created: bool) -> None:
    if not created and article.trashed_at:
        messages.info(
            request,
            f"“{article.title}” is in this case's trash; restore it from there.",
        )
    elif not created:
        messages.info(
            request,
            f"“{article.title}” is already in this case; it was not processed again.",
        )
    elif article.status == Article.Status.FAILED:
        messages.error(request, f"“{article.title}”: {article.error}")
    elif article.status == Article.Status.NEEDS_DATE:
        messages.warning(request, f"“{article.title}” needs its publication date.")
    elif article.queue_unreachable:
        messages.warning(request, queue_down_message(article))
    else:
        messages.success(request, f"“{article.title}” is queued.")


def queue_down_message(article: Article) -> str:
    return (
        f"“{article.title}” is saved, but the processing queue cannot be reached "
        "just now; it will start by itself when the queue is back."
    )


@require_POST
@login_required
def article_reprocess(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    article = get_object_or_404(
        Article, case=membership.case, pk=pk, trashed_at__isnull=True
    )
    if article.published is None and not article.needs_reading:
        messages.error(request, "Give the publication date before processing.")
    elif article.remedy:
        messages.error(request, article.remedy)
    else:
        ingestion.start(article)
        if article.queue_unreachable:
            messages.warning(request, queue_down_message(article))
        else:
            messages.success(request, f"“{article.title}” is queued again.")
    return redirect("articles:article_list", slug=membership.case.slug)


@login_required
def article_original(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The uploaded file: HTML shown sanitised, anything else downloaded."""
    membership = get_membership(request, slug)
    article = get_object_or_404(Article, case=membership.case, pk=pk)
    if not article.original_file:
        raise Http404("This article has no uploaded file.")
    name = article.original_name or "article"
    if extension(name) in HTML_EXTENSIONS:
        with article.original_file.open("rb") as fh:
            html = decode_text(fh.read())
        return render(
            request,
            "articles/article_original.html",
            {
                "case": membership.case,
                "membership": membership,
                "article": article,
                "original_html": sanitise_html(html),
            },
        )
    return FileResponse(
        article.original_file.open("rb"), as_attachment=True, filename=name
    )


@login_required
def article_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm, then move the article to the case's trash."""
    membership = get_membership(request, slug, EDIT)
    article = get_object_or_404(
        Article, case=membership.case, pk=pk, trashed_at__isnull=True
    )
    if request.method == "POST":
        done = ingestion.trash_article(article, membership)
        removed = done["events_removed"]
        messages.success(
            request,
            f"Moved “{article.title[:80]}” to the trash: {done['sources']} "
            f"source{'' if done['sources'] == 1 else 's'} and {removed} "
            f"event{'' if removed == 1 else 's'} only it supported are off the "
            "timeline until you restore it.",
        )
        return redirect("articles:article_list", slug=membership.case.slug)
    return render(
        request,
        "articles/article_delete.html",
        {
            "case": membership.case,
            "membership": membership,
            "article": article,
            "impact": ingestion.impact_of_trashing(article),
        },
    )


@login_required
def article_trash(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    trashed = membership.case.articles.filter(trashed_at__isnull=False)
    return render(
        request,
        "articles/article_trash.html",
        {
            "case": membership.case,
            "membership": membership,
            "articles": trashed.select_related("trashed_by").order_by("-trashed_at"),
        },
    )


@require_POST
@login_required
def article_restore(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    article = get_object_or_404(
        Article, case=membership.case, pk=pk, trashed_at__isnull=False
    )
    ingestion.restore_article(article, membership)
    messages.success(
        request,
        f"Restored “{article.title[:80]}”; its sentences are being placed on "
        "the timeline again.",
    )
    return redirect("articles:article_list", slug=membership.case.slug)


@login_required
def article_purge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Confirm, then delete a trashed article for good."""
    membership = get_membership(request, slug, EDIT)
    article = get_object_or_404(
        Article, case=membership.case, pk=pk, trashed_at__isnull=False
    )
    if request.method == "POST":
        done = ingestion.purge_article(article, membership)
        messages.success(
            request,
            f"Deleted “{article.title[:80]}” for good ({done['sources']} "
            f"source{'' if done['sources'] == 1 else 's'}).",
        )
        return redirect("articles:article_trash", slug=membership.case.slug)
    return render(
        request,
        "articles/article_purge.html",
        {
            "case": membership.case,
            "membership": membership,
            "article": article,
            "orphans": ingestion.events_left_without_sources(article),
        },
    )
