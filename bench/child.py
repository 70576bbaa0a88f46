"""Entry points run in child processes (``python -m bench.child <what> ...``); each prints one JSON line.

* ``build``: ``build_store`` with phase timers (wrapping the module functions it calls);
* ``pipe``: spaCy's own ``nlp.pipe`` over the same texts with the same pipeline (``load_nlp``);
* ``index``: build a store's serving index (for stores the bench did not build itself);
* ``mix``: from the in-memory record, the 200-command mix and spot-check names (to a file), naive baseline;
* ``serve``: open the store as the bot does, answer the mix warm, memory, quality spot check.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

T0 = time.perf_counter()


def vm_hwm_mb() -> float:
    """Peak RSS of this process since exec (VmHWM). ru_maxrss would also count the parent's
    image that the child briefly shared before exec, so it is not used for single processes."""
    try:
        for line in open("/proc/self/status", encoding="ascii"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds of this process plus its reaped children (spaCy's workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(mod: Any, name: str, timers: dict[str, float], counts: dict[str, int]) -> None:
    orig = getattr(mod, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return orig(*args, **kwargs)
        finally:
            timers[name] += time.perf_counter() - started
            counts[name] += 1

    setattr(mod, name, wrapper)


def _after_import(module_name: str, patch: Callable[[Any, float], None]) -> None:
    """Run ``patch(module, seconds_to_import)`` when ``module_name`` is first imported (if ever)."""
    import importlib.abc
    import importlib.machinery

    class Finder(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
            if name != module_name:
                return None
            spec = importlib.machinery.PathFinder.find_spec(name, path, target)
            if spec is None or spec.loader is None:
                return spec
            loader = spec.loader
            orig_exec = loader.exec_module

            def exec_module(module: Any) -> None:
                started = time.perf_counter()
                orig_exec(module)
                patch(module, time.perf_counter() - started)

            loader.exec_module = exec_module  # type: ignore[method-assign]
            return spec

    sys.meta_path.insert(0, Finder())


def build(args: argparse.Namespace) -> dict[str, Any]:
    import knowledge.build as kb
    import knowledge.entities as ke

    timers: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    imported = time.perf_counter() - T0
    for name in ("scan_corpus", "read_meta", "load_shard", "write_shard", "write_index"):
        _timed(kb, name, timers, counts)
    _timed(ke, "merge_entities", timers, counts)
    inside = {"extract": False}

    def patch_extract(kx: Any, import_s: float) -> None:
        # importing knowledge.extract may import spaCy: that is part of processing articles
        timers["import_extract"] += import_s
        orig_load = kx.load_nlp

        def load_nlp(*a: Any, **k: Any) -> Any:  # model load, wherever it is called from
            started = time.perf_counter()
            try:
                return orig_load(*a, **k)
            finally:
                took = time.perf_counter() - started
                timers["load_nlp"] += took
                counts["load_nlp"] += 1
                if not inside["extract"]:
                    timers["load_nlp_outside_extract"] += took

        kx.load_nlp = load_nlp
        orig_extract = kx.extract_articles

        def extract_articles(*a: Any, **k: Any):  # time spent inside the generator (parse + rules)
            gen = orig_extract(*a, **k)
            while True:
                started = time.perf_counter()
                inside["extract"] = True
                try:
                    item = next(gen)
                except StopIteration:
                    timers["extract_articles"] += time.perf_counter() - started
                    return
                finally:
                    inside["extract"] = False
                timers["extract_articles"] += time.perf_counter() - started
                counts["extract_articles"] += 1
                yield item

        kx.extract_articles = extract_articles

    if "knowledge.extract" in sys.modules:
        patch_extract(sys.modules["knowledge.extract"], 0.0)
    else:
        _after_import("knowledge.extract", patch_extract)
    started = time.perf_counter()
    report = kb.build_store(args.articles, args.store, n_process=args.n_process or None)
    # processing the articles = model load (inside or outside extract_articles) + parse + rules
    timers["process_articles"] = (timers["import_extract"] + timers["extract_articles"]
                                  + timers["load_nlp_outside_extract"])
    return {"report": report.to_json(), "build_store_s": time.perf_counter() - started,
            "import_s": imported, "timers": dict(timers), "counts": dict(counts),
            "spacy_loaded": "spacy" in sys.modules, "main_hwm_mb": vm_hwm_mb(),
            "child_total_s": time.perf_counter() - T0}


def pipe(args: argparse.Namespace) -> dict[str, Any]:
    from knowledge.articles import load_corpus

    articles = load_corpus(args.articles).articles
    if args.sample and len(articles) > args.sample:
        step = len(articles) / args.sample
        articles = [articles[int(i * step)] for i in range(args.sample)]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    read_s = time.perf_counter() - T0
    started = time.perf_counter()
    from knowledge.extract import load_nlp

    cpu0 = cpu_s()
    nlp = load_nlp()
    loaded = time.perf_counter()
    cpu1 = cpu_s()
    tokens = ents = 0
    for doc in nlp.pipe(texts, n_process=args.n_process, batch_size=args.batch_size):
        tokens += len(doc)
        ents += len(doc.ents)
    done = time.perf_counter()
    cpu2 = cpu_s()
    return {"cpu_load_s": cpu1 - cpu0, "cpu_pipe_s": cpu2 - cpu1,"articles": len(texts), "words": words, "tokens": tokens, "ents": ents,
            "pipeline": list(nlp.pipe_names), "read_s": read_s, "load_s": loaded - started,
            "pipe_s": done - loaded, "main_hwm_mb": vm_hwm_mb(), "child_total_s": done - T0}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def stats(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": _pct(ms, 0.5), "p90_ms": _pct(ms, 0.9), "p99_ms": _pct(ms, 0.99),
            "max_ms": max(ms, default=0.0), "mean_ms": sum(ms) / len(ms) if ms else 0.0}


def mix(args: argparse.Namespace) -> dict[str, Any]:
    """The command mix, the spot-check names and the naive baseline, from the in-memory record; the mix
    and names go to ``--out`` for the serving child (which never loads the record)."""
    from knowledge.store import load_record

    from bench.mix import frequent_persons, make_mix

    started = time.perf_counter()
    record = load_record(args.store)
    out: dict[str, Any] = {"load_record_s": time.perf_counter() - started}
    commands = make_mix(record)
    out["sizes"] = {"articles": len(record.articles), "entities": len(record.entities),
                    "sentences": len(record.index.sentence_docs), "events": len(record.index.events),
                    "statements": sum(1 for _ in record.rows("statements")),
                    "mentions": sum(len(e["mentions"]) for e in record.entities)}
    persons = frequent_persons(record, 20)
    if args.naive_every:
        out["naive"] = naive(record, commands, args.naive_every)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump({"mix": commands, "persons": persons}, fh)
    out["main_hwm_mb"] = vm_hwm_mb()
    return out


def naive(record: Any, commands: list[dict[str, str]], every: int) -> dict[str, Any]:
    """The naive baseline on every ``every``-th command (their indexes kept, to compare like with like)."""
    started = time.perf_counter()
    from bench.naive import NaiveBot

    bot = NaiveBot(record)
    chosen = list(range(0, len(commands), every))
    ms: list[float] = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    setup_s = time.perf_counter() - started
    for i in chosen:
        t = time.perf_counter()
        bot.answer(commands[i]["line"])
        ms.append((time.perf_counter() - t) * 1000)
        by_kind[commands[i]["kind"]].append(ms[-1])
    return {"every": every, "indexes": chosen, "setup_s": setup_s, "records": bot.records,
            "latency": stats(ms), "by_kind": {k: stats(v) for k, v in by_kind.items()}}


def index(args: argparse.Namespace) -> dict[str, Any]:
    """Build the serving index of a store (what a build does after writing the index)."""
    from knowledge.serving import build_serving_index

    started = time.perf_counter()
    path = build_serving_index(args.store)
    return {"build_serving_index_s": time.perf_counter() - started, "bytes": path.stat().st_size,
            "main_hwm_mb": vm_hwm_mb(), "spacy_loaded": "spacy" in sys.modules}


def _answer_all(ctx: Any, lines: list[str]) -> list[tuple[float, Any]]:
    import asyncio

    import handlers

    async def run() -> list[tuple[float, Any]]:
        out = []
        for line in lines:
            t = time.perf_counter()
            reply = await handlers.run_line(ctx, line)
            out.append(((time.perf_counter() - t) * 1000, reply))
        return out

    return asyncio.run(run())


def serve(args: argparse.Namespace) -> dict[str, Any]:
    """Open the store as the bot does (serving index), answer the mix warm; memory; quality spot check."""
    import handlers
    from knowledge.store import StoreHandle, load_store

    imported = time.perf_counter() - T0
    with open(args.mix, encoding="utf-8") as fh:
        plan = json.load(fh)
    started = time.perf_counter()
    store = load_store(args.store)
    load_s = time.perf_counter() - started
    rss_loaded = vm_hwm_mb()
    ctx = handlers.Context(handle=StoreHandle(store), user=handlers.User("bench"))
    commands = plan["mix"]
    lines = [m["line"] for m in commands]
    first_ms = _answer_all(ctx, lines[:1])[0][0]  # the very first answer after load
    _answer_all(ctx, lines[:20])  # warm-up
    results = _answer_all(ctx, lines)
    rss_served = vm_hwm_mb()
    per_cmd = []
    by_kind: dict[str, list[float]] = defaultdict(list)
    for m, (ms, reply) in zip(commands, results):
        by_kind[m["kind"]].append(ms)
        per_cmd.append({**m, "ms": round(ms, 3), "ok": reply.ok, "chars": len(reply.text),
                        "citations": len(reply.citations)})
    out: dict[str, Any] = {
        "import_s": imported, "load_s": load_s, "first_answer_ms": first_ms,
        "rss_loaded_mb": rss_loaded, "rss_served_mb": rss_served, "spacy_loaded": "spacy" in sys.modules,
        "latency": stats([ms for ms, _ in results]),
        "latency_by_kind": {k: stats(v) for k, v in by_kind.items()},
        "slowest": sorted(per_cmd, key=lambda c: -c["ms"])[:8], "commands": per_cmd,
        "ok_rate": sum(c["ok"] for c in per_cmd) / len(per_cmd),
        "top_person": (plan["persons"] or ["Aliyev"])[0],
    }
    if args.quality:
        out["quality"] = quality(ctx, plan["persons"])
    out["child_total_s"] = time.perf_counter() - T0
    return out


def quality(ctx: Any, persons: list[str]) -> dict[str, list[dict[str, Any]]]:
    """/who for the most mentioned people and /when for well-known events, for a person to judge."""
    from bench.mix import EVENTS

    out: dict[str, list[dict[str, Any]]] = {"who": [], "when": []}
    for name in persons:
        reply = _answer_all(ctx, [f"/who {name}"])[0][1]
        out["who"].append({
            "asked": name, "ok": reply.ok, "answer": reply.text.splitlines()[0][:120],
            "role": next((l[2:80] for l in reply.text.splitlines()[1:] if l.startswith("• ")
                          and not l.startswith("• said") and "“" not in l[:20]), ""),
            "quote": reply.citations[0].quote[:160] if reply.citations else "",
            "source": reply.citations[0].outlet if reply.citations else ""})
    for event, expected in EVENTS:
        reply = _answer_all(ctx, [f"/when {event}"])[0][1]
        lines = reply.text.splitlines()
        out["when"].append({
            "asked": event, "expected": expected, "ok": reply.ok,
            "answer": (lines[1] if len(lines) > 1 else lines[0])[:160],
            "quote": reply.citations[0].quote[:160] if reply.citations else "",
            "source": reply.citations[0].outlet if reply.citations else ""})
    return out


def limit_memory(gigabytes: float) -> None:
    """Cap this process's address space, so a tier too big for the machine fails with MemoryError
    instead of waking the kernel's OOM killer (which may pick another process)."""
    if gigabytes > 0:
        cap = int(gigabytes * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.child")
    parser.add_argument("--max-gb", type=float, default=0.0, help="address-space cap (0: none)")
    sub = parser.add_subparsers(dest="what", required=True)
    b = sub.add_parser("build")
    b.add_argument("--articles", required=True)
    b.add_argument("--store", required=True)
    b.add_argument("--n-process", type=int, default=0)
    p = sub.add_parser("pipe")
    p.add_argument("--articles", required=True)
    p.add_argument("--sample", type=int, default=0)
    p.add_argument("--n-process", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=8)
    i = sub.add_parser("index")
    i.add_argument("--store", required=True)
    m = sub.add_parser("mix")
    m.add_argument("--store", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--naive-every", type=int, default=0)
    s = sub.add_parser("serve")
    s.add_argument("--store", required=True)
    s.add_argument("--mix", required=True)
    s.add_argument("--quality", action="store_true")
    args = parser.parse_args()
    import logging

    limit_memory(args.max_gb)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    result = {"build": build, "pipe": pipe, "index": index, "mix": mix, "serve": serve}[args.what](args)
    print("BENCH_JSON " + json.dumps(result, default=str), flush=True)


if __name__ == "__main__":
    main()
