"""factbot benchmarks (issue 8): build throughput, refresh, answer latency, cold start, memory, quality.

Run ``python -m bench`` (seeds, 200 and 2,000 articles) or ``python -m bench --tiers seeds,200,2000,20000``.
Articles come from ``../shared/corpora/allsides-20k.jsonl.gz`` and are converted into a temporary
folder at run time; their texts are never written into the project. See ``docs/bench.md``.
"""
