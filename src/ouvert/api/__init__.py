"""JSON APIs (django-ninja): parse, call a selector or service, serialise."""
