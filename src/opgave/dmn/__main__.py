"""``python -m opgave.dmn``: the DMN command line on its own."""

from opgave.dmn.cli import app

if __name__ == "__main__":
    app()
