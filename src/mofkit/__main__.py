from mofkit.cli import main

main()
