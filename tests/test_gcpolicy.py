"""The garbage collector's pace: slow while the program starts, Python's own afterwards, and untouched in a process
that is not the program (the tests call cli.main() many times in one process). Each case runs in a new process, so
that this one keeps its collector as it is."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from konsultasjon_app.store.demo import demo_bundle_path

DEMO_BUNDLE = demo_bundle_path()


def run(code: str) -> None:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_the_collector_is_paced_down_while_starting_and_back_to_pythons_pace_once_started():
    run("""
        import gc
        from konsultasjon_app import gcpolicy
        default = gc.get_threshold()
        gcpolicy.starting()
        assert gc.get_threshold()[0] == gcpolicy.STARTING_THRESHOLD > default[0]
        gcpolicy.started()
        assert gc.get_threshold() == default and gc.get_freeze_count() > 0
        frozen = gc.get_freeze_count()
        gcpolicy.started()  # a second call (the window's, then the entry point's) changes nothing
        assert gc.get_threshold() == default and gc.get_freeze_count() == frozen
    """)


def test_a_process_that_is_not_the_program_keeps_its_collector():
    run("""
        import gc
        from konsultasjon_app import gcpolicy
        default = gc.get_threshold()
        gcpolicy.started()
        assert gc.get_threshold() == default and gc.get_freeze_count() == 0
    """)


def test_a_command_run_as_the_program_leaves_the_collector_at_pythons_pace(tmp_path):
    run(f"""
        import contextlib, gc, io
        from konsultasjon_app.cli import run_program
        default = gc.get_threshold()
        with contextlib.redirect_stdout(io.StringIO()):
            assert run_program(["--db", {str(tmp_path / "db.sqlite3")!r}, "import", {str(DEMO_BUNDLE)!r}]) == 0
        assert gc.get_threshold() == default
    """)


def test_the_entry_point_paces_the_collector_before_it_reads_the_kept_code():
    """Reading the code kept from the last start (codecache) makes some 3,700 objects: at Python's pace, five
    collections (one of them of the older objects too) before the start had begun."""
    run("""
        import gc
        from konsultasjon_app import codecache, gcpolicy
        from konsultasjon_app.cli import run_program
        seen = []
        install = codecache.install
        codecache.install = lambda *a, **k: (seen.append(gc.get_threshold()[0]), install(*a, **k))[1]
        try:
            run_program(["--help"])
        except SystemExit:
            pass
        assert seen == [gcpolicy.STARTING_THRESHOLD], seen
    """)


def test_python_m_konsultasjon_app_paces_the_collector_before_it_imports_the_command_line():
    """`python -m konsultasjon_app` (and the built program's launcher) paces the collector before anything else:
    importing the command line's modules made some eight collections at Python's pace, one of the older objects."""
    run("""
        import gc, runpy, sys
        seen = []
        gc.callbacks.append(lambda phase, info: phase == "start" and seen.append(gc.get_threshold()[0]))
        sys.argv = ["konsultasjon_app", "--help"]
        try:
            runpy.run_module("konsultasjon_app", run_name="__main__", alter_sys=True)
        except SystemExit:
            pass
        from konsultasjon_app import gcpolicy
        assert 700 not in seen, seen
    """)
