; Fold every `{ … }` body, every prose block and long import lists.
[
  (block)
  (prose)
  (import_list)
] @fold
