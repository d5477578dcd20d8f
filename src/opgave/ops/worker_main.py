"""``python -m opgave.ops.worker_main``: the worker as a child process of ``opgave serve --with-worker``."""

from opgave.cli import app

if __name__ == "__main__":
    app(["worker"])
