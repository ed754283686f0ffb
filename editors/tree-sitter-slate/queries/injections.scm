; Prose between triple quotes is Markdown.
((prose_content) @injection.content
  (#set! injection.language "markdown"))

((comment) @injection.content
  (#set! injection.language "comment"))
