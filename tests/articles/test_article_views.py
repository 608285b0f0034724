import datetime as dt

from django.urls import reverse

from articles import ingestion
from articles.models import Article
from tests.articles import samples


def test_article_page_highlights_timexes_linked_to_their_events(
    client, journalist, case, article, event
):
    article.timexes = [
        {
            "start": article.text.index("Wednesday"),
            "end": article.text.index("Wednesday") + 9,
            "type": "DATE",
            "value": "2022-10-19",
        }
    ]
    article.save()
    client.force_login(journalist)
    page = client.get(article.get_absolute_url()).text
    assert (
        f'<mark class="timex" title="DATE 2022-10-19"><a href="{event.get_absolute_url()}">'
        "Wednesday</a></mark>"
    ) in page
    assert f'id="s{event.sources.get().sentence_start}"' in page


def test_article_text_is_escaped(client, journalist, case):
    article, _ = ingestion.add_text_article(
        case,
        title="x",
        text="<script>alert(1)</script> said Monday.",
        published=dt.date(2022, 1, 1),
    )
    client.force_login(journalist)
    page = client.get(article.get_absolute_url()).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page


def test_correcting_the_publication_date_requeues_the_article(
    client, journalist, case, article
):
    client.force_login(journalist)
    response = client.post(article.get_absolute_url(), {"published": "2022-11-02"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.published == dt.date(2022, 11, 2)
    assert article.published_source == "entered by jo"
    assert article.status == Article.Status.QUEUED


def test_a_viewer_cannot_correct_the_publication_date(client, viewer, case, article):
    client.force_login(viewer)
    assert (
        client.post(article.get_absolute_url(), {"published": "2022-11-02"}).status_code
        == 403
    )
    article.refresh_from_db()
    assert article.published == dt.date(2022, 10, 20)


def test_uploaded_html_is_shown_sanitised(client, viewer, outsider, case):
    html = samples.HTML_ARTICLE.replace(
        "<article>", '<article><script>steal()</script><p onclick="x()">Hi</p>'
    )
    article, _ = ingestion.add_file_article(case, name="page.html", data=html.encode())
    url = reverse("articles:article_original", args=[case.slug, article.pk])
    client.force_login(viewer)
    page = client.get(url).text
    assert "steal()" not in page and "onclick" not in page
    assert "In March, Baldwin" in page
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_an_upload_with_no_date_waits_for_one(client, journalist, case):
    client.force_login(journalist)
    client.post(
        reverse("articles:article_upload", args=[case.slug]),
        {
            "kind": "paste",
            "paste-title": "No date",
            "paste-text": "Filming resumed Monday.",
        },
    )
    article = case.articles.get()
    assert article.status == Article.Status.NEEDS_DATE
    assert (
        "Give the date"
        in client.get(reverse("articles:article_list", args=[case.slug])).text
    )
    client.post(article.get_absolute_url(), {"published": "2022-10-20"})
    article.refresh_from_db()
    assert article.status == Article.Status.QUEUED


def test_the_same_text_twice_is_one_article(client, journalist, case):
    client.force_login(journalist)
    url = reverse("articles:article_upload", args=[case.slug])
    data = {
        "kind": "paste",
        "paste-title": "A",
        "paste-text": samples.SEED_LIKE,
        "paste-published": "2022-10-20",
    }
    client.post(url, data)
    response = client.post(url, {**data, "paste-title": "B"}, follow=True)
    assert case.articles.count() == 1
    assert "already in this case" in response.text


def test_article_list_polls_only_while_articles_are_pending(
    client, journalist, case, article
):
    client.force_login(journalist)
    url = reverse("articles:article_list", args=[case.slug])
    assert 'hx-trigger="every 2s"' not in client.get(url).text
    Article.objects.filter(pk=article.pk).update(status=Article.Status.QUEUED)
    assert 'hx-trigger="every 2s"' in client.get(url).text
    partial = client.get(
        url, headers={"HX-Request": "true", "HX-Target": "article-table"}
    )
    assert partial.status_code == 200 and "<html" not in partial.text
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DONE)
    stop = client.get(url, headers={"HX-Request": "true", "HX-Target": "article-table"})
    assert stop.status_code == 286  # htmx stops polling


def test_an_articles_warnings_show_on_its_page_and_in_the_list(
    client, viewer, case, article
):
    article.warnings = ["This article seems to be in German; <only> numeric dates."]
    article.save()
    client.force_login(viewer)
    page = client.get(article.get_absolute_url()).text
    assert '<ul class="warnings" aria-label="Warnings">' in page
    assert "seems to be in German; &lt;only&gt; numeric dates." in page
    listing = client.get(reverse("articles:article_list", args=[case.slug])).text
    assert "seems to be in German" in listing
