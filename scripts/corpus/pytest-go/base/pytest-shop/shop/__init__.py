"""A small order-taking service used by the test corpus."""
