"""Making a file or folder read-only for a test, also when the tests run as root (who
ignores permission bits): then the file is made immutable with chattr, undone afterwards."""
import contextlib
import os
import subprocess


@contextlib.contextmanager
def read_only(path):
    """`path` cannot be written (nor, for a folder, written into) inside the block."""
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        mode = os.stat(path).st_mode
        os.chmod(path, 0o555 if os.path.isdir(path) else 0o444)
        try:
            yield
        finally:
            os.chmod(path, mode)
