"""Rendering over several processes: the same bytes as one process, every item done once, errors carried back."""
from __future__ import annotations

import multiprocessing
import os
import time

import pytest

from evidence_site import build, cli, workers
from evidence_site.outdir import BuildError

from helpers import PROJECT, in_a_fresh_process, tree_digest


@in_a_fresh_process
def test_parallel_render_writes_the_same_bytes_as_one_process(tmp_path):
    one, three = tmp_path / "one", tmp_path / "three"
    build.build(PROJECT, one, None, search=False, jobs=1)
    build.build(PROJECT, three, None, search=False, jobs=3)
    digest = tree_digest(one)
    assert len([f for f in digest if f.endswith(".html")]) > 3 * workers.CHUNK  # enough pages to share out
    assert tree_digest(three) == digest


@in_a_fresh_process
def test_every_item_is_done_exactly_once_and_the_work_is_shared(tmp_path):
    def do(item: int) -> None:
        with open(tmp_path / f"{item}", "x") as f:  # "x": a second write of one item fails
            f.write(str(os.getpid()))
        time.sleep(0.002)  # the child cannot finish all 300 before this process, polling, joins in

    def first() -> None:  # this process joins in only once the child has done some items
        for _ in range(3000):
            if any(p.read_text() not in ("", str(os.getpid())) for p in tmp_path.iterdir()):
                return
            time.sleep(0.01)

    workers.share(range(300), do, jobs=2, first=first)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(map(str, range(300)))
    assert len({p.read_text() for p in tmp_path.iterdir()}) == 2  # two processes wrote


@in_a_fresh_process
def test_work_in_a_child_returns_its_result_or_raises_its_error():
    assert workers.in_child(os.getpid) != os.getpid()
    assert workers.in_child(lambda: {"a": [1, 2]}) == {"a": [1, 2]}
    with pytest.raises(ValueError, match="bad input"):
        workers.in_child(lambda: int("bad input"))


@in_a_fresh_process
def test_a_child_at_a_gate_goes_on_once_it_is_opened_and_fails_if_its_parent_closes_it_unopened():
    with workers.Gate() as gate:
        assert workers.in_child(gate.wait, meanwhile=gate.open) is None
    gate = workers.Gate()
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=workers.run_child, args=(gate.wait, send))
    child.start()
    send.close()
    os.close(gate.write_end)  # the parent goes away without opening it
    let_go = recv.poll(20)
    if not let_go:
        child.kill()  # held for good: the test fails rather than hangs
    child.join()
    os.close(gate.read_end)
    assert let_go, "the child was still held at the gate"
    ok, error = recv.recv()
    assert not ok and isinstance(error, BuildError)


def test_an_error_in_any_worker_is_raised_in_the_build():
    def do(item: int) -> None:
        if item in (40, 41, 42):
            raise ValueError(f"item {item} is bad")

    with pytest.raises(ValueError, match=r"item 4[012] is bad"):
        workers.share(range(300), do, jobs=2)


class Unpicklable(Exception):
    """An error whose arguments cannot be rebuilt on the other side of the pipe."""

    def __init__(self, a: str, b: str):
        super().__init__(f"{a} and {b}")


def test_an_error_that_cannot_be_pickled_arrives_as_its_text():
    sent = workers.picklable(Unpicklable("this", "that"))
    assert isinstance(sent, BuildError)
    assert str(sent) == "a worker failed: Unpicklable: this and that"
    assert workers.picklable(err := OSError(28, "No space left on device", "x.html")) is err


def test_one_job_renders_here_without_forking():
    seen = []
    workers.share(range(100), lambda item: seen.append((item, os.getpid())), jobs=1, first=lambda: seen.append(None))
    assert seen == [None, *((i, os.getpid()) for i in range(100))]  # in order, in this process


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_number(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        cli.parse_args(["--jobs", value])
    assert exit_.value.code == 2
    assert "--jobs: " in capsys.readouterr().err
