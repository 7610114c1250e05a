"""Keeping pages on, for the tests that prove kept pages are never stale nor someone else's."""

import pytest
from django.core.cache import cache


@pytest.fixture
def page_cache(settings):
    """The real kept-page path (portal.pagecache) on an empty cache: the test settings turn it
    off for the rest of the suite, and the local-memory cache outlives a test."""
    settings.PORTAL_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()
