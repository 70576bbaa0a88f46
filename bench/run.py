"""Orchestrating the tiers: convert, baseline, build, serve, cold start, refresh; table + JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .corpus import copy_seeds, corpus_words, read_corpus, write_tier
from .procmon import ChildResult, run_child

REPO = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "allsides-20k.jsonl.gz"
N_PROCESS = 2
BATCH_SIZE = 8  # extract_articles' default
GOALS = {"ratio": 1.3, "refresh_overhead_s": 3.0, "p99_seeds_ms": 5.0, "p99_20k_ms": 50.0,
         "cold_seeds_s": 1.0, "cold_20k_s": 3.0, "serve_20k_mb": 1024.0}


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def child(what: str, *args: str, sample: float = 0.5) -> tuple[dict[str, Any], ChildResult]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1"}
    res = run_child([sys.executable, "-m", "bench.child", what, *args], cwd=str(REPO), env=env,
                    sample_every=sample)
    line = next((l for l in res.stdout.splitlines() if l.startswith("BENCH_JSON ")), None)
    if res.returncode != 0 or line is None:
        raise RuntimeError(f"bench.child {what} failed (exit {res.returncode}):\n{res.stderr[-3000:]}")
    return json.loads(line[len("BENCH_JSON "):]), res


def mem(res: ChildResult) -> dict[str, float]:
    # wait4's ru_maxrss includes the bench parent's image (shared by the child until exec): kept
    # for reference only; the children report their own VmHWM, and the tree is sampled (PSS).
    return {"wait4_maxrss_mb": round(res.maxrss_mb, 1), "tree_pss_peak_mb": round(res.tree_pss_peak_mb, 1),
            "tree_rss_peak_mb": round(res.tree_rss_peak_mb, 1), "processes": res.processes_seen,
            "cpu_s": round(res.cpu_s, 2), "loadavg_start_end": res.loadavg}


def factbot_exe() -> list[str]:
    """The console script when installed (`make` installs it), else the same entry point by module."""
    exe = Path(sys.executable).parent / "factbot"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "bot.cli"]


def cold_start(store: Path, articles: Path, name: str, runs: int = 3) -> dict[str, Any]:
    """Wall clock from spawning `factbot ask "/who NAME"` to its exit (first and only answer)."""
    walls = []
    env = {k: v for k, v in os.environ.items() if not k.startswith("FACTBOT_")}
    env["PYTHONPATH"] = str(REPO)  # for `python -m bot.cli` when the console script is not installed
    with tempfile.TemporaryDirectory() as cwd:  # no .env picked up
        cmd = factbot_exe() + ["ask", "--store", str(store), "--articles", str(articles), f"/who {name}"]
        out, codes = "", []
        for _ in range(runs):
            started = time.perf_counter()
            proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
            walls.append(time.perf_counter() - started)
            out = proc.stdout
            codes.append(proc.returncode)
        if not out.strip():
            raise RuntimeError(f"{' '.join(cmd)} printed nothing (exit {codes}): {proc.stderr[-2000:]}")
        # the same path in-process, to check that answering never imports spaCy
        probe = ("import sys; from bot.cli import main; main(sys.argv[1:]); "
                 "print('SPACY_LOADED', 'spacy' in sys.modules, file=sys.stderr)")
        proc = subprocess.run([sys.executable, "-c", probe, "ask", "--store", str(store), "--articles",
                               str(articles), f"/who {name}"], cwd=cwd, env=env, capture_output=True,
                              text=True)
    spacy = "SPACY_LOADED True" in proc.stderr
    return {"command": f'factbot ask "/who {name}"', "program": " ".join(factbot_exe()),
            "exit_codes": codes, "runs_s": [round(w, 3) for w in walls],
            "median_s": statistics.median(walls), "spacy_loaded": spacy,
            "answer_head": out.strip().splitlines()[0][:120] if out.strip() else ""}


def import_time(runs: int = 5) -> dict[str, Any]:
    """Import of the answer path (`handlers`, `knowledge.store`) in a fresh interpreter."""
    code = ("import time, sys; t=time.perf_counter(); import handlers, knowledge.store; "
            "print(time.perf_counter()-t, 'spacy' in sys.modules)")
    times = []
    spacy = False
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=str(REPO))
        t, s = out.stdout.split()
        times.append(float(t))
        spacy |= s == "True"
    bare = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], cwd=str(REPO))
        bare.append(time.perf_counter() - started)
    prof = subprocess.run([sys.executable, "-X", "importtime", "-c", "import handlers, knowledge.store"],
                          capture_output=True, text=True, cwd=str(REPO)).stderr
    top = []
    for line in prof.splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m and len(m.group(3)) <= 3:  # top-level and first-level imports
            top.append((int(m.group(2)) / 1e6, m.group(4)))
    top.sort(reverse=True)
    return {"import_s_median": statistics.median(times), "runs_s": [round(t, 4) for t in times],
            "python_startup_s_median": statistics.median(bare), "spacy_imported": spacy,
            "top_cumulative": [{"module": m, "s": round(s, 4)} for s, m in top[:10]]}


def touch_one_article(articles: Path) -> Path:
    """Change one article (append a sentence) so exactly one shard must be re-extracted."""
    files = sorted(p for p in articles.iterdir() if p.suffix in (".md", ".txt"))
    target = files[len(files) // 2]
    with open(target, "a", encoding="utf-8") as fh:
        fh.write("\nOfficials said on Monday that the benchmark had changed this article.\n")
    return target


def run_tier(name: str, articles: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    store = work / f"store-{name}" / "factstore.json"
    if store.parent.exists():
        shutil.rmtree(store.parent)
    tier: dict[str, Any] = {"tier": name, "articles_dir": str(articles)}
    log(f"{name}: spaCy nlp.pipe baseline (sample {args.pipe_sample or 'all'})")
    pipe, pres = child("pipe", "--articles", str(articles), "--sample", str(args.pipe_sample),
                       "--n-process", str(N_PROCESS), "--batch-size", str(BATCH_SIZE))
    tier["pipe"] = {**pipe, "wall_s": pres.wall, "memory": mem(pres)}
    log(f"{name}: full build, n_process={N_PROCESS}")
    build, bres = child("build", "--articles", str(articles), "--store", str(store),
                        "--n-process", str(N_PROCESS))
    report = build["report"]
    words = report["words"]
    tier.update(articles=report["articles"], words=words, facts=report["facts"],
                skipped=len(report["skipped"]))
    # Baseline scaled to the tier's words when measured on a sample: fixed model load + per-word pipe.
    scale = words / max(pipe["words"], 1)
    pipe_est = pipe["load_s"] + pipe["pipe_s"] * scale
    timers = build["timers"]
    parse_s = timers.get("process_articles", 0.0) - timers.get("load_nlp", 0.0)
    tier["build"] = {
        "wall_s": bres.wall, "words_per_s": words / bres.wall, "memory": mem(bres),
        "timers": build["timers"], "counts": build["counts"], "main_hwm_mb": build.get("main_hwm_mb"),
        "pipe_equivalent_s": pipe_est, "pipe_words_per_s": words / pipe_est,
        "ratio": bres.wall / pipe_est,
        # the same in CPU seconds: robust when other processes share the cores during the run
        "cpu_s": bres.cpu_s, "pipe_equivalent_cpu_s": pipe["cpu_load_s"] + pipe["cpu_pipe_s"] * scale,
        "ratio_cpu": bres.cpu_s / max(pipe["cpu_load_s"] + pipe["cpu_pipe_s"] * scale, 1e-9),
        "parse_extract_s": parse_s,
        "ratio_extract_only": timers.get("process_articles", 0.0) / pipe_est,
        "store_bytes": sum(f.stat().st_size for f in store.parent.rglob("*") if f.is_file()),
    }
    log(f"{name}: {report['articles']} articles, {words} words, build {bres.wall:.1f} s "
        f"({words / bres.wall:.0f} w/s; nlp.pipe {words / pipe_est:.0f} w/s; ratio {bres.wall / pipe_est:.2f}, "
        f"CPU ratio {tier['build']['ratio_cpu']:.2f}; load avg {bres.loadavg[1]:.1f})")
    naive_every = 1 if report["articles"] <= 200 else args.naive_every
    log(f"{name}: serving: load, 200 commands warm, naive baseline (every {naive_every})")
    serve_args = ["--store", str(store), "--naive-every", str(naive_every)]
    if report["articles"] >= 200:
        serve_args.append("--quality")
    serve, sres = child("serve", *serve_args)
    serve["memory"] = mem(sres)
    serve["wall_s"] = sres.wall
    tier["serve"] = serve
    log(f"{name}: load {serve['load_s']:.2f} s, p50 {serve['latency']['p50_ms']:.2f} ms, "
        f"p99 {serve['latency']['p99_ms']:.2f} ms, RSS {serve['rss_served_mb']:.0f} MB")
    tier["cold_start"] = cold_start(store, articles, serve["top_person"])
    log(f"{name}: cold start {tier['cold_start']['median_s']:.2f} s")
    tier["store"] = str(store)
    return tier


def refresh(tier: dict[str, Any]) -> dict[str, Any]:
    """No-op refresh, then one changed article, on an existing tier store (fresh child each)."""
    articles, store = Path(tier["articles_dir"]), Path(tier["store"])
    out: dict[str, Any] = {"tier": tier["tier"], "articles": tier["articles"]}
    noop, nres = child("build", "--articles", str(articles), "--store", str(store))
    out["noop"] = {"wall_s": nres.wall, "timers": noop["timers"], "spacy_loaded": noop["spacy_loaded"],
                   "changed_anything": bool(noop["report"]["added"] or noop["report"]["changed"])}
    target = touch_one_article(articles)
    one, ores = child("build", "--articles", str(articles), "--store", str(store))
    timers = one["timers"]
    one_article = timers.get("process_articles", 0.0)  # spaCy import + model load + parse + rules
    out["one_changed"] = {
        "file": target.name, "wall_s": ores.wall, "changed": one["report"]["changed"],
        "timers": timers, "memory": mem(ores),
        "process_one_article_s": one_article,
        "overhead_s": ores.wall - one_article,
    }
    return out


def estimate_20k(tiers: list[dict[str, Any]], words_20k: int, n_20k: int) -> dict[str, Any]:
    """Linear extrapolation from the two largest corpus tiers (labelled as an estimate)."""
    big = [t for t in tiers if t["tier"] != "seeds"]
    if len(big) < 2:
        return {}
    a, b = big[-2], big[-1]

    def lin(get) -> float:
        x0, x1 = a["articles"], b["articles"]
        y0, y1 = get(a), get(b)
        slope = (y1 - y0) / max(x1 - x0, 1)
        return y1 + slope * (n_20k - x1)

    return {
        "basis": f"linear from the {a['tier']} and {b['tier']} tiers",
        "articles": n_20k, "words": words_20k,
        "build_s": words_20k / b["build"]["words_per_s"],
        "load_s": lin(lambda t: t["serve"]["load_s"]),
        "serve_rss_mb": lin(lambda t: t["serve"]["rss_served_mb"]),
        "cold_start_s": lin(lambda t: t["cold_start"]["median_s"]),
        "p99_ms": lin(lambda t: t["serve"]["latency"]["p99_ms"]),
        "p50_ms": lin(lambda t: t["serve"]["latency"]["p50_ms"]),
        "build_rss_mb": lin(lambda t: t["build"]["memory"]["tree_pss_peak_mb"]),
    }


def table(result: dict[str, Any]) -> str:
    rows = [("tier", "arts", "words", "build s", "words/s", "pipe w/s", "ratio", "cpu ratio", "load s", "p50 ms",
             "p99 ms", "naive p50", "naive p99", "x p50", "cold s", "build MB", "serve MB")]
    for t in result["tiers"]:
        s, b = t["serve"], t["build"]
        nv = s.get("naive", {})
        ours = nv.get("ours_same", {})
        rows.append((
            t["tier"], str(t["articles"]), f"{t['words']:,}", f"{b['wall_s']:.1f}", f"{b['words_per_s']:,.0f}",
            f"{b['pipe_words_per_s']:,.0f}", f"{b['ratio']:.2f}", f"{b['ratio_cpu']:.2f}", f"{s['load_s']:.2f}",
            f"{s['latency']['p50_ms']:.2f}", f"{s['latency']['p99_ms']:.1f}",
            f"{nv['latency']['p50_ms']:.1f}" if nv else "-", f"{nv['latency']['p99_ms']:.0f}" if nv else "-",
            f"{nv['latency']['p50_ms'] / max(ours['p50_ms'], 1e-9):.0f}x" if nv else "-",
            f"{t['cold_start']['median_s']:.2f}", f"{b['memory']['tree_pss_peak_mb']:.0f}",
            f"{s['rss_served_mb']:.0f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(r, widths)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    m = result["machine"]
    out = [f"factbot bench — {m['cpus']} cores, Python {m['python']}, spaCy {m.get('spacy', '?')}, "
           f"n_process={m['n_process']}, {result['started']}; load average {m['loadavg_start']:.1f} at start, "
           f"max {max(t['build']['memory']['loadavg_start_end'][1] for t in result['tiers']):.1f} after a build",
           *lines]
    if result.get("refresh"):
        r = result["refresh"]
        one = r["one_changed"]
        out.append(f"refresh ({r['tier']}, {r['articles']} articles): one article changed {one['wall_s']:.2f} s "
                   f"= {one['process_one_article_s']:.2f} s processing it (spaCy load + parse + rules) "
                   f"+ {one['overhead_s']:.2f} s the rest; nothing changed {r['noop']['wall_s']:.2f} s")
    imp = result["import"]
    out.append(f"answer-path import (handlers, knowledge.store): {imp['import_s_median'] * 1000:.0f} ms "
               f"(+ {imp['python_startup_s_median'] * 1000:.0f} ms interpreter start); spaCy imported: "
               f"{imp['spacy_imported']}; spaCy in sys.modules after answering: "
               f"{any(t['serve']['spacy_loaded'] or t['cold_start']['spacy_loaded'] for t in result['tiers'])}")
    est = result.get("estimate_20k")
    if est:
        out.append(f"20k ESTIMATE ({est['basis']}; not measured): build {est['build_s'] / 60:.0f} min, "
                   f"load {est['load_s']:.1f} s, cold start {est['cold_start_s']:.1f} s, "
                   f"serve RSS {est['serve_rss_mb']:.0f} MB, p99 {est['p99_ms']:.0f} ms")
    out.append("goals: " + "; ".join(f"{k}: {'MET' if v['met'] else 'MISSED'} ({v['value']})"
                                     for k, v in result["goals"].items()))
    return "\n".join(out)


def quality_text(result: dict[str, Any]) -> str:
    out = []
    for t in result["tiers"]:
        q = t["serve"].get("quality")
        if not q or t["articles"] < 2000 and t is not result["tiers"][-1]:
            continue
        out.append(f"\nanswer quality spot check, tier {t['tier']} ({t['articles']} articles)")
        for r in q["who"]:
            out.append(f"  /who {r['asked'][:28]:28} ok={str(r['ok'])[0]} {r['answer'][:40]:40} "
                       f"{r['role'][:40]:40} | {r['quote'][:90]}")
        for r in q["when"]:
            out.append(f"  /when {r['asked'][:27]:27} ok={str(r['ok'])[0]} expect {r['expected']:12} "
                       f"{r['answer'][:70]:70} | {r['quote'][:80]}")
    return "\n".join(out)


def goals(result: dict[str, Any]) -> dict[str, Any]:
    tiers = {t["tier"]: t for t in result["tiers"]}
    corpus = [t for t in result["tiers"] if t["tier"] != "seeds"]
    big = corpus[-1] if corpus else None
    g: dict[str, Any] = {}
    if corpus:
        # Judged on CPU seconds (robust when other processes share the cores); wall shown beside it.
        cpu = max(t["build"]["ratio_cpu"] for t in corpus)
        wall = max(t["build"]["ratio"] for t in corpus)
        g["build ratio <= 1.3 (CPU, worst corpus tier)"] = {
            "met": cpu <= GOALS["ratio"], "value": f"CPU {cpu:.2f}, wall {wall:.2f}"}
    if result.get("refresh"):
        r = result["refresh"]["one_changed"]
        g[f"refresh overhead <= 3 s ({result['refresh']['tier']})"] = {
            "met": r["overhead_s"] <= GOALS["refresh_overhead_s"], "value": f"{r['overhead_s']:.2f} s"}
    if "seeds" in tiers:
        s = tiers["seeds"]
        g["p99 seeds <= 5 ms"] = {"met": s["serve"]["latency"]["p99_ms"] <= 5,
                                  "value": f"{s['serve']['latency']['p99_ms']:.2f} ms"}
        g["cold start seeds <= 1 s"] = {"met": s["cold_start"]["median_s"] <= 1,
                                        "value": f"{s['cold_start']['median_s']:.2f} s"}
    if big:
        label = "20k" if big["articles"] >= 20000 else f"{big['tier']} (20k not run)"
        g[f"p99 {label} <= 50 ms"] = {"met": big["serve"]["latency"]["p99_ms"] <= 50,
                                      "value": f"{big['serve']['latency']['p99_ms']:.1f} ms"}
        g[f"cold start {label} <= 3 s"] = {"met": big["cold_start"]["median_s"] <= 3,
                                           "value": f"{big['cold_start']['median_s']:.2f} s"}
        g[f"serving RSS {label} <= 1 GB"] = {"met": big["serve"]["rss_served_mb"] <= 1024,
                                             "value": f"{big['serve']['rss_served_mb']:.0f} MB"}
    est = result.get("estimate_20k")
    if est and not (big and big["articles"] >= 20000):
        g["p99 20k <= 50 ms (estimate)"] = {"met": est["p99_ms"] <= 50, "value": f"~{est['p99_ms']:.0f} ms"}
        g["cold start 20k <= 3 s (estimate)"] = {"met": est["cold_start_s"] <= 3,
                                                 "value": f"~{est['cold_start_s']:.1f} s"}
        g["serving RSS 20k <= 1 GB (estimate)"] = {"met": est["serve_rss_mb"] <= 1024,
                                                   "value": f"~{est['serve_rss_mb']:.0f} MB"}
    return g


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=0, help="use at most N corpus articles (tiers are clipped)")
    parser.add_argument("--tiers", default="seeds,200,2000", help="comma list: seeds and/or article counts")
    parser.add_argument("--out", type=Path, default=None, help="JSON file (default bench/results/<time>.json)")
    parser.add_argument("--pipe-sample", type=int, default=200,
                        help="articles per tier for the nlp.pipe baseline (scaled by words; 0 = all)")
    parser.add_argument("--naive-every", type=int, default=4,
                        help="naive baseline on every Nth command of the mix above 200 articles")
    parser.add_argument("--no-refresh", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the temp folder with articles and stores")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out_path = args.out or REPO / "bench" / "results" / f"{stamp}.json"
    wanted = [t.strip() for t in args.tiers.split(",") if t.strip()]
    result: dict[str, Any] = {
        "started": stamp, "argv": sys.argv[1:],
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "n_process": N_PROCESS, "batch_size": BATCH_SIZE,
                    "loadavg_start": os.getloadavg()[0]},
        "corpus": str(args.corpus), "tiers": [],
    }
    try:
        import spacy  # noqa: PLC0415

        result["machine"]["spacy"] = spacy.__version__
    except ImportError:
        pass
    work = Path(tempfile.mkdtemp(prefix="factbot-bench-"))
    log(f"work folder {work}")
    try:
        records: list[dict[str, Any]] = []
        sizes = [int(t) for t in wanted if t != "seeds"]
        if sizes:
            t = time.perf_counter()
            records = read_corpus(args.corpus)
            result["corpus_articles"] = len(records)
            result["corpus_words"] = corpus_words(records)
            if args.limit:
                records = records[: args.limit]
            log(f"corpus: {len(records)} articles read in {time.perf_counter() - t:.1f} s")
        plan: list[tuple[str, Path]] = []
        for name in wanted:
            if name == "seeds":
                plan.append(("seeds", copy_seeds(REPO / "seeds", work / "articles-seeds")))
                continue
            n = min(int(name), len(records))
            if n and str(n) not in [p[0] for p in plan]:
                plan.append((str(n), write_tier(records, n, work / f"articles-{n}")))
        del records  # keep the parent small: children start from a copy of it
        for name, articles in plan:
            result["tiers"].append(run_tier(name, articles, work, args))
        if not args.no_refresh and result["tiers"]:
            largest = max(result["tiers"], key=lambda t: t["articles"])
            log(f"refresh on the {largest['tier']} store")
            result["refresh"] = refresh(largest)
        result["import"] = import_time()
        if sizes and not any(t["articles"] >= 20000 for t in result["tiers"]):
            result["estimate_20k"] = estimate_20k(result["tiers"], result.get("corpus_words", 0),
                                                  result.get("corpus_articles", 0))
        result["goals"] = goals(result)
        result["total_s"] = time.perf_counter() - started
    finally:
        if args.keep:
            log(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    for t in result["tiers"]:  # temp paths are gone; keep the JSON free of them
        t.pop("articles_dir", None)
        t.pop("store", None)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    print(table(result))
    print(quality_text(result))
    print(f"\ntotal {result['total_s'] / 60:.1f} min; JSON: {out_path}")
    return 0
