"""The benchmark harness (``make bench``): not part of the site, never imported by it."""
