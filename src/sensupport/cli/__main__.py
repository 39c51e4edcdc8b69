"""``python -m sensupport.cli``: the ``sensupport`` command."""

from . import main_exit

if __name__ == "__main__":
    main_exit()
