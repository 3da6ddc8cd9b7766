from rukg.build.cli import main

raise SystemExit(main())
