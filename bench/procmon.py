"""Running a child process while sampling the memory of its whole process tree (no psutil)."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE = os.sysconf("SC_PAGE_SIZE")


def _children_map() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        kids.setdefault(ppid, []).append(int(entry.name))
    return kids


def tree(pid: int) -> list[int]:
    kids = _children_map()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def _pss_rss(pid: int) -> tuple[int, int]:
    """(PSS, RSS) in bytes; PSS shares copy-on-write pages fairly between forked workers."""
    pss = rss = 0
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                pss = int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss = int(line.split()[1]) * 1024
    except (OSError, ValueError):
        try:
            rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
            pss = rss
        except (OSError, ValueError):
            pass
    return pss, rss


@dataclass
class ChildResult:
    returncode: int
    stdout: str
    stderr: str
    wall: float
    maxrss_mb: float  # ru_maxrss from wait4: the largest single process of the tree
    tree_pss_peak_mb: float = 0.0  # sampled sum over the tree (PSS)
    tree_rss_peak_mb: float = 0.0  # sampled sum over the tree (RSS; double-counts shared pages)
    processes_seen: int = 1
    samples: int = 0
    cpu_s: float = 0.0  # user + system CPU of the child and its waited-for descendants
    loadavg: tuple[float, float] = (0.0, 0.0)  # 1-min load average at start and end (other work?)
    extra: dict = field(default_factory=dict)


class _Spawn:
    """Whether a child is being spawned, and whether a stop was asked meanwhile."""

    spawning = False
    stop_asked = False


_SPAWN = _Spawn()


def request_stop(signum: int, frame: Any) -> None:
    """A signal handler: stop the run (KeyboardInterrupt), at once or, while a child is being spawned,
    as soon as it is known (so that it is killed, not left running)."""
    if _SPAWN.spawning:
        _SPAWN.stop_asked = True
        return
    raise KeyboardInterrupt


def _kill_tree(pid: int) -> None:
    """Kill a process and every process under it, then reap it."""
    for p in reversed(tree(pid)):
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def run_child(args: list[str], *, cwd: str | None = None, env: dict[str, str] | None = None,
              sample_every: float = 0.2, timeout: float | None = None) -> ChildResult:
    """Run ``args``; wall clock from spawn to exit; memory of the child tree."""
    load0 = os.getloadavg()[0]
    started = time.perf_counter()
    _SPAWN.spawning = True
    try:
        proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
    finally:
        _SPAWN.spawning = False
    try:
        if _SPAWN.stop_asked:  # asked while spawning: now that the child is known
            _SPAWN.stop_asked = False
            raise KeyboardInterrupt
        return _watched(proc, started, load0, sample_every, timeout)
    except BaseException:  # an interrupted bench leaves no child (nor its workers) running
        _kill_tree(proc.pid)
        raise


def _watched(proc: subprocess.Popen[str], started: float, load0: float, sample_every: float,
             timeout: float | None) -> ChildResult:
    """Wait for a spawned child, sampling its tree's memory; a stop kills the tree and is raised on."""
    peak = {"pss": 0, "rss": 0, "procs": 1, "samples": 0}
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            pids = tree(proc.pid)
            pss = rss = 0
            for p in pids:
                a, b = _pss_rss(p)
                pss += a
                rss += b
            peak["pss"] = max(peak["pss"], pss)
            peak["rss"] = max(peak["rss"], rss)
            peak["procs"] = max(peak["procs"], len(pids))
            peak["samples"] += 1
            stop.wait(sample_every)

    sampler = threading.Thread(target=sample, daemon=True)
    if sample_every > 0:
        sampler.start()
    out: list[str] = []
    err: list[str] = []
    readers = [threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True),  # type: ignore[union-attr]
               threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)]  # type: ignore[union-attr]
    for r in readers:
        r.start()
    deadline = None if timeout is None else started + timeout
    try:
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if deadline and time.perf_counter() > deadline:
                proc.kill()
            time.sleep(0.01)
    except BaseException:
        stop.set()
        raise
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stop.set()
    for r in readers:
        r.join()
    if sample_every > 0:
        sampler.join()
    return ChildResult(returncode=proc.returncode, stdout="".join(out), stderr="".join(err), wall=wall,
                       maxrss_mb=usage.ru_maxrss / 1024, tree_pss_peak_mb=peak["pss"] / 2**20,
                       tree_rss_peak_mb=peak["rss"] / 2**20, processes_seen=peak["procs"],
                       samples=peak["samples"], cpu_s=usage.ru_utime + usage.ru_stime,
                       loadavg=(load0, os.getloadavg()[0]))
