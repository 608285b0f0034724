from django.contrib import admin

from .models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "case", "published", "status", "created_at"]
    list_filter = ["status", "case"]
    search_fields = ["title", "outlet", "url"]
    exclude = ["text"]
