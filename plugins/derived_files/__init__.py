"""Files derived from content (share images, QR codes): kept in a cache
folder under a hash of everything that determines their bytes, made in
worker processes when missing, then placed into the output.

A helper for other plugins, not a Pelican plugin itself: nothing to register.

- `cache.py`: the content-addressed cache folder, written atomically.
- `workers.py`: worker processes, forked early, shared by the plugins.
- `production.py`: the missing entries, made on every core.
- `placing.py`: cached files into the output folder, hard-linked if possible.
- `derived.py`: the above together, what a generator calls.
"""
