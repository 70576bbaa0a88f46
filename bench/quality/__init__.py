"""Quality figures for factbot: the dev answer set, TimeBank dates and hand-written component sets.

Run ``python -m bench.quality`` (``make quality``); it reads ``../shared`` so it is not part of ``make test``.
"""
