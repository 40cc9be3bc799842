"""Server-rendered pages: views parse, call a selector or service, render."""
