from sagskvalitet.cli import main

raise SystemExit(main())
