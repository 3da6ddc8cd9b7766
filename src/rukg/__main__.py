from rukg.build.cli import run

run()
