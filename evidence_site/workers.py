"""Work shared between this process and forked children, each taking the next chunk of a list until none is left.

Forked children see the parent's memory as it was (the plan, the compiled templates) without copying or pickling
it. Who does which chunk changes nothing in what is written: each item is independent. Where fork is not
available (Windows), or one job is asked for, everything runs here, in order. `share` does items for their effect
(pages written); `spread` for their results (files read and parsed), which the children send back pickled.
"""
from __future__ import annotations

import gc
import hashlib
import multiprocessing
import operator
import os
import pickle
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, TypeVar

from .outdir import BuildError
from .problems import Problems

T = TypeVar("T")
CHUNK = 32  # items taken at a time: small enough to even out the workers' loads, large enough to cost no locking


def cores() -> int:
    """The number of cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def can_fork() -> bool:
    """Whether children can be forked here: the system can, and this process runs one thread (a fork copies only
    the calling thread, and a lock another thread held, e.g. `serve`'s, would stay locked in the child)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def in_child(work: Callable[[], T], meanwhile: Callable[[], None] = lambda: None) -> T:
    """`work()` run in a forked child, its result sent back: all the memory it used is given back when the child
    exits. `meanwhile()` is done here while the child works. Both run here, in turn, where fork is not available."""
    if not can_fork():
        meanwhile()
        return work()
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=run_child, args=(work, send))  # not a daemon: it forks workers of its own
    proc.start()
    send.close()
    try:
        meanwhile()
        outcome = recv.recv()
    except EOFError:
        outcome = None
    except BaseException:
        proc.kill()  # interrupted here: the child's work is not wanted any more
        raise
    finally:
        recv.close()
        proc.join()
    if outcome is None:
        raise BuildError(f"the build's worker process (pid {proc.pid}) ended without finishing (exit code "
                         f"{proc.exitcode}; -9 is often the system out of memory); nothing was changed; build again")
    ok, value = outcome
    if not ok:
        raise value
    return value


class Gate:
    """Holds a forked child back (`wait`) until this process has done something (`open`): a pipe, so a child
    whose parent dies is not held forever. Made before the fork; closed by its `with`."""

    def __init__(self) -> None:
        self.read_end, self.write_end = os.pipe()
        self.maker = os.getpid()

    def open(self) -> None:
        """Let the waiting side go on."""
        os.write(self.write_end, b"1")

    def wait(self) -> None:
        """Return once the other side has opened the gate; raise BuildError if it went away without."""
        if os.getpid() != self.maker:
            os.close(self.write_end)  # the child's copy: with it closed, a parent gone is the end of the pipe
        if os.read(self.read_end, 1) != b"1":
            raise BuildError("the build's main process went away before the output folder was ready; build again")

    def __enter__(self) -> Gate:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.read_end)
        os.close(self.write_end)


def run_child(work: Callable[[], Any], send: Any) -> None:
    """In the child: send (True, result), or (False, the error that stopped the work)."""
    try:
        outcome = (True, work())
    except BaseException as exc:  # carried to the parent, which raises it
        outcome = (False, picklable(exc))
    send.send(outcome)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the model is built, and restore it after.

    Pass one makes millions of objects that all stay alive; each full collection scanned every one of them
    again, for nothing (half the time of loading at 10,000 articles). It makes little cyclic garbage.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def frozen(make: Callable[[], T]) -> T:
    """`make()` with the collector paused, and everything it made then moved out of the collector's sight for good.

    For what lives as long as the process, or until replaced whole: the model (serve's, a build's, `check`'s),
    the data files' values. The first collection after making them scanned millions of objects for nothing (at
    10,000 articles 1.3 s after gathering, 0.6 s after loading the cache, 1.8 s while the data files were written),
    and so would every later full one. Frozen (gc.freeze), they are still freed by their reference counts, as long
    as they hold no reference cycle (tests/test_live_model.py checks a model does not).
    """
    with collector_paused():
        try:
            return make()
        finally:
            gc.freeze()


@contextmanager
def shared_heap() -> Iterator[None]:
    """Keep the collector away from the objects that exist now (the model, the plan) while the items are done.

    Collections then scan only what rendering makes, not the whole model again and again. A collection in a forked
    child writes to every object it scans, which makes the kernel copy the page it is on: with the parent's objects
    frozen, the children's memory stays shared. Unfrozen after, unless they were frozen before.
    """
    already = gc.get_freeze_count()  # the model frozen for good (`frozen`) stays so
    gc.freeze()  # without a collection first: it would cost seconds, for the little garbage there is
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


def next_chunk(counter: Any, total: int, size: int = CHUNK) -> range:
    """Take the next `size` items from the shared counter (an empty range when all are taken)."""
    with counter.get_lock():
        start = counter.value
        counter.value = min(total, start + size)
    return range(start, min(total, start + size))


def drain(items: Sequence, do: Callable[[Any], None], counter: Any, size: int = CHUNK) -> None:
    """Do items, `size` at a time, until the shared counter says none are left."""
    while chunk := next_chunk(counter, len(items), size):
        for i in chunk:
            do(items[i])


def child(items: Sequence, do: Callable[[Any], None], counter: Any, send: Any) -> None:
    """A forked worker: drain the items, then send None, or the error that stopped it."""
    try:
        drain(items, do, counter)
        send.send(None)
    except BaseException as exc:  # carried to the parent, which raises it
        stop(counter, len(items))
        send.send(picklable(exc))


def stop(counter: Any, total: int) -> None:
    """Mark every item taken, so no worker starts another chunk."""
    with counter.get_lock():
        counter.value = total


def picklable(exc: BaseException) -> BaseException:
    """The error itself if it survives pickling, else its text in a BuildError."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # any failure to pickle means: send the text
        return BuildError(f"a worker failed: {type(exc).__name__}: {exc}")


def share(items: Sequence, do: Callable[[Any], None], jobs: int, first: Callable[[], None] = lambda: None) -> None:
    """Call `do(item)` for every item, over `jobs` processes; `first()` runs here before this process joins in.

    The first error (this process's, else a child's) is raised once every child has stopped.
    """
    with shared_heap():
        if jobs <= 1 or len(items) <= CHUNK or not can_fork():
            first()
            for item in items:
                do(item)
            return
        ctx = multiprocessing.get_context("fork")
        counter = ctx.Value("q", 0)
        workers = []
        for _ in range(jobs - 1):
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=child, args=(items, do, counter, send), daemon=True)
            proc.start()
            send.close()
            workers.append((proc, recv))
        error = run_here(first, items, do, counter)
        for proc, recv in workers:
            error = error or result(proc, recv)
            proc.join()
        if error:
            raise error


def run_here(first: Callable[[], None], items: Sequence, do: Callable[[Any], None], counter: Any
             ) -> BaseException | None:
    """This process's share: `first()`, then chunks; the error that stopped it, or None."""
    try:
        first()
        drain(items, do, counter)
    except BaseException as exc:  # raised by `share` once the children have stopped
        stop(counter, len(items))
        return exc
    return None


def result(proc: Any, recv: Any) -> BaseException | None:
    """What a child reported: None when it finished, its error, or a BuildError when it died without a word."""
    try:
        return recv.recv()
    except EOFError:
        proc.join()
        return BuildError(f"a worker process (pid {proc.pid}) stopped with exit code {proc.exitcode}; "
                          "build again, or with --jobs 1")
    finally:
        recv.close()


def spread(items: Sequence[T], do: Callable[[T], Any], jobs: int, size: int = CHUNK,
           first: Callable[[], None] = lambda: None) -> list:
    """`[do(item) for item in items]`, over `jobs` processes taking `size` items at a time; `first()` runs here
    before this process joins in (work that needs none of the results, done meanwhile).

    Each child sends its results back pickled when it has no item left, and this process puts them in order: worth
    it where `do` costs much more than pickling what it returns (a file read and parsed, a text searched). No
    object is made per item to carry a result: the small ones left behind when it is freed would be holes among
    the model's objects, which the pages' rendering then fills, copying pages the write workers shared.
    """
    if jobs <= 1 or len(items) <= size or not can_fork():
        first()
        return [do(item) for item in items]
    ctx = multiprocessing.get_context("fork")
    counter = ctx.Value("q", 0)
    children = []
    for _ in range(jobs - 1):
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=spread_child, args=(items, do, counter, size, send), daemon=True)
        proc.start()
        send.close()
        children.append((proc, recv))
    done: list = [None] * len(items)
    try:
        first()
    except BaseException as exc:  # raised once the children have stopped
        stop(counter, len(items))
        error = exc
    else:
        error = run_share(len(items), counter, size, partial(fill, done, items, do))
    for proc, recv in children:
        outcome = result(proc, recv)
        if isinstance(outcome, BaseException):
            error = error or outcome
        for start, values in outcome if isinstance(outcome, list) else ():
            done[start:start + len(values)] = values
        proc.join()
    if error:
        raise error
    return done


def run_share(total: int, counter: Any, size: int, take: Callable[[range], Any]) -> BaseException | None:
    """`take(chunk)` for each chunk of the `total` items taken from the shared counter; the error that stopped it,
    or None."""
    try:
        while chunk := next_chunk(counter, total, size):
            take(chunk)
    except BaseException as exc:  # raised by `spread` once the children have stopped
        stop(counter, total)
        return exc
    return None


def fill(done: list, items: Sequence, do: Callable[[Any], Any], chunk: range) -> None:
    """Do a chunk of items here, each result put at its item's place."""
    for i in chunk:
        done[i] = do(items[i])


def spread_child(items: Sequence, do: Callable[[Any], Any], counter: Any, size: int, send: Any) -> None:
    """A forked worker of `spread`: each chunk it did as (first index, results), or the error that stopped it."""
    done: list[tuple[int, list]] = []

    def take(chunk: range) -> None:
        done.append((chunk.start, [do(items[i]) for i in chunk]))

    error = run_share(len(items), counter, size, take)
    send.send(picklable(error) if error else done)


@dataclass
class Reported:
    """What `checked` returns for an item that reported problems: its result, and the problems."""

    value: Any
    problems: Problems


def checked(do: Callable[[Any, Problems], T], item: Any) -> T | Reported:
    """`do(item, problems)` with problems of its own, returned with the result (`Reported`) only when there are any,
    so that a child can send them back."""
    problems = Problems()
    value = do(item, problems)
    return Reported(value, problems) if problems.errors or problems.warnings else value


def spread_checked(items: Sequence, do: Callable[[Any, Problems], T], problems: Problems, jobs: int,
                   size: int = CHUNK, first: Callable[[], None] = lambda: None,
                   through: Callable[[Sequence, Callable[[list], list]], list] | None = None) -> list[T]:
    """`spread` for work that reports problems: each item's are added to `problems` in the order of the items,
    after those `first()` reported, as if everything had been done one after the other here. `through(items, run)`
    (a `Recall.spread`) may run the work on fewer items, giving back the outcomes, problems included, of the rest."""
    run = partial(spread, do=partial(checked, do), jobs=jobs, size=size, first=first)
    results = through(items, run) if through else run(items)
    for i, outcome in enumerate(results):
        if type(outcome) is Reported:
            problems.extend(outcome.problems)
            results[i] = outcome.value
    return results


def same(a: tuple, b: tuple) -> bool:
    """Whether two tuples hold the very same objects, in order."""
    return len(a) == len(b) and all(map(operator.is_, a, b))


MISSING = object()  # no result held for a key (a result may itself be None)


@dataclass
class Recall:
    """Results of pass one's work per item, kept between builds in one process (`serve`, with cache.HeldFiles).

    An item is worked again only when one of its inputs is not the very object it was made from last time: the
    records of an unchanged file are the same objects from build to build, and every input is immutable, so a
    result made from the same objects is the same. What a build did not ask for is forgotten after it (`turn`).
    """

    old: dict[str, dict[int, tuple[tuple, Any]]] = field(default_factory=dict)
    new: dict[str, dict[int, tuple[tuple, Any]]] = field(default_factory=dict)
    by_identity: ClassVar[bool] = True  # finds results by their inputs' identity: cheap for whole-corpus work (`held`)

    def spread(self, kind: str, inputs: Callable[[T], tuple], items: Sequence[T], run: Callable[[list], list],
               alike: Callable[[tuple, tuple], bool] = same) -> list:
        """`run(items)`, but only over the items of which no result made from the same `inputs(item)` (or from
        inputs `alike` these) is held."""
        held, kept = self.old.get(kind, {}), self.new.setdefault(kind, {})
        keys = self.keys(kind, [inputs(item) for item in items])
        results = self.found_all(held, keys, alike)
        todo = [i for i, value in enumerate(results) if value is MISSING]
        for i, value in zip(todo, run([items[i] for i in todo])):
            results[i] = value
        self.keep_all(kept, keys, results)
        return results

    def keys(self, kind: str, inputs: list[tuple]) -> list:
        """What each item's result is found by: its inputs, the first of which must be the very object."""
        return inputs

    def found_all(self, held: dict, keys: list, alike: Callable[[tuple, tuple], bool]) -> list:
        """The result held for each key, or MISSING (one loop for all: this runs for every item on every save)."""
        results = []
        for key in keys:
            hit = held.get(id(key[0]))
            results.append(hit[1] if hit and alike(hit[0], key) else MISSING)
        return results

    def keep_all(self, kept: dict, keys: list, results: list) -> None:
        """Keep each result for the next build."""
        kept.update((id(key[0]), (key, value)) for key, value in zip(keys, results))

    def value(self, kind: str, inputs: tuple, make: Callable[[], T], alike: Callable[[tuple, tuple], bool] = same
              ) -> T:
        """`make()`, or what it made before from the same `inputs` (or from inputs `alike` these)."""
        hit = self.old.get(kind, {}).get(0)
        value = hit[1] if hit and alike(hit[0], inputs) else make()
        self.new[kind] = {0: (inputs, value)}
        return value

    def turn(self) -> None:
        """After a build: what it asked for is what the next one may reuse."""
        self.old.update(self.new)
        self.new = {}


@dataclass
class ContentRecall(Recall):
    """Results of pass one's work per item, kept between command-line builds in the build cache: `Recall`'s calls,
    an item worked again only when the content its inputs were made from is new.

    The records of a build are new objects each time (read afresh or unpickled), so each input is known by what
    it was made from instead: a record by the hash of its file's bytes (`files`, from cache.FileMemo) and its
    place there, a text by its hash, a result of an earlier kind (a parsed body, the name index) by the key it
    was made under, plain data by the hash of its pickle. An input known by none of these is never recalled.
    """

    by_identity: ClassVar[bool] = False  # a view or a status would be known by its pickle's hash: costlier than made
    files: dict[str, bytes] = field(default_factory=dict)  # a content file's path -> the hash of its bytes
    made: dict[int, tuple[Any, bytes]] = field(default_factory=dict)  # id(result) -> (result, its key)

    def keys(self, kind: str, inputs: list[tuple]) -> list[bytes | None]:
        """What each item's result is kept under (see `key`)."""
        return [self.key(kind, each) for each in inputs]

    def found_all(self, held: dict, keys: list[bytes | None], alike: Callable[[tuple, tuple], bool]) -> list:
        """The result kept for each key, or MISSING (`alike` is not used: the content is what is compared)."""
        return [MISSING if key is None else held.get(key, MISSING) for key in keys]

    def keep_all(self, kept: dict, keys: list[bytes | None], results: list) -> None:
        """Keep each result for the next build."""
        for key, value in zip(keys, results):
            self.keep(kept, key, value)

    def value(self, kind: str, inputs: tuple, make: Callable[[], T], alike: Callable[[tuple, tuple], bool] = same
              ) -> T:
        """`make()`, or what it made before from the same content."""
        key = self.key(kind, inputs)
        [value] = self.found_all(self.old.get(kind, {}), [key], alike)
        value = make() if value is MISSING else value
        self.keep(self.new.setdefault(kind, {}), key, value)
        return value

    def keep(self, kept: dict, key: bytes | None, value: Any) -> None:
        """Keep a result for the next build, known by its key as an input of later kinds (a checked result's
        value too)."""
        if key is None:
            return
        kept[key] = value
        for made in (value, value.value) if type(value) is Reported else (value,):
            self.made[id(made)] = (made, key)  # the object held: its id is not given to another while this runs

    def key(self, kind: str, inputs: tuple) -> bytes | None:
        """What a result of `kind` made from `inputs` depends on, or None when an input's content is unknown."""
        parts = [self.content(item) for item in inputs]
        if any(part is None for part in parts):
            return None
        return hashlib.blake2b(b"\0".join([kind.encode(), *parts]), digest_size=20).digest()

    def content(self, item: Any) -> bytes | None:
        """What one input is known by (see the class)."""
        if item is None:
            return b"-"
        if isinstance(item, str):
            return b"t" + hashlib.blake2b(item.encode(), digest_size=20).digest()
        made = self.made.get(id(item))
        if made is not None:
            return b"k" + made[1]
        loc = getattr(item, "loc", None)
        if loc is not None:
            digest = self.files.get(loc.file)
            return None if digest is None else b"r" + digest + f"\0{type(item).__qualname__}\0{loc.line}".encode()
        if isinstance(item, tuple):
            return b"p" + hashlib.blake2b(pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL), digest_size=20).digest()
        return None


def held(recall: Recall | None) -> Recall | None:
    """`recall` if it finds results by their inputs' identity (serve's): the recall for work over the whole corpus
    whose inputs are the results of other work (the relay graph, statuses, link views, listings)."""
    return recall if recall and recall.by_identity else None


def recalled(recall: Recall | None, kind: str, items: Sequence[T], inputs: Callable[[T], tuple],
             run: Callable[[list], list], alike: Callable[[tuple, tuple], bool] = same) -> list:
    """`run(items)`, through `recall` when there is one."""
    return recall.spread(kind, inputs, items, run, alike) if recall else run(list(items))


def recalled_value(recall: Recall | None, kind: str, inputs: Callable[[], tuple], make: Callable[[], T],
                   alike: Callable[[tuple, tuple], bool] = same) -> T:
    """`make()`, through `recall` when there is one (`inputs()` is worked out only then)."""
    return recall.value(kind, inputs(), make, alike) if recall else make()
