from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseStopPolling

from timeline.access import EDIT, get_membership

from . import ingestion
from .forms import PasteForm
from .models import Article


@login_required
def article_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug)
    case = membership.case
    articles = case.articles.annotate(n_sources=Count("event_sources")).order_by(
        "-created_at", "-id"
    )
    counts = dict(
        case.articles.values_list("status").annotate(n=Count("id")).order_by()
    )
    pending = bool(
        counts.get(Article.Status.QUEUED) or counts.get(Article.Status.PROCESSING)
    )
    context = {
        "case": case,
        "membership": membership,
        "articles": articles,
        "counts": [(s, counts.get(s.value, 0)) for s in Article.Status],
        "pending": pending,
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
    return render(
        request,
        "articles/article_detail.html",
        {"case": membership.case, "membership": membership, "article": article},
    )


@login_required
def article_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    case = membership.case
    form = PasteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        article, created = ingestion.add_article(
            case,
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            published=form.cleaned_data["published"],
            published_source=Article.PublishedSource.JOURNALIST,
            outlet=form.cleaned_data["outlet"],
            url=form.cleaned_data["url"],
            uploaded_by=request.user,
        )
        if created:
            messages.success(request, f"“{article.title}” is queued for extraction.")
        else:
            messages.info(
                request,
                f"This text is already in the case as “{article.title}”; "
                "it was not processed again.",
            )
        return redirect("articles:article_list", slug=case.slug)
    return render(
        request,
        "articles/article_upload.html",
        {"case": case, "membership": membership, "form": form},
    )


@require_POST
@login_required
def article_reprocess(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = get_membership(request, slug, EDIT)
    article = get_object_or_404(Article, case=membership.case, pk=pk)
    if article.published is None:
        messages.error(request, "Give the publication date before processing.")
    else:
        ingestion.queue_extraction(article)
        messages.success(request, f"“{article.title}” is queued again.")
    return redirect("articles:article_list", slug=membership.case.slug)
