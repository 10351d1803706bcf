"""Build policykg from the bundled documents (or those given): same as `policykg build`."""
from graph.cli import main

if __name__ == "__main__":
    main()
