"""Shared by the module's tests: the CLI they compare against, and the spherical task."""
import os
import subprocess

import pytest

import infoplane

CLI = os.environ.get("INFOPLANE_CLI", "build/release/bin/infoplane")


def run_cli(*args):
    """Runs the CLI (INFOPLANE_CLI) and fails the test on a non-zero exit, with its output."""
    done = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="session")
def spherical():
    return infoplane.task("spherical")

