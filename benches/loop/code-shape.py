#!/usr/bin/env python3
"""Lines per crate and the longest library functions of a Slate checkout:
`python3 benches/loop/code-shape.py CHECKOUT [N]` prints the N longest (5).

Library code: crates/*/src/**/*.rs, excluding `#[cfg(test)]` modules and
files named tests.rs. A function runs from its `fn` line to the closing
brace at the same indentation (the code is rustfmt-formatted)."""
import os, re, sys
root = sys.argv[1]
fn_re = re.compile(r'^(\s*)(pub(\([^)]*\))?\s+)?(const\s+)?(async\s+)?(unsafe\s+)?fn\s+(\w+)')
crates = {}
funcs = []
for crate in sorted(os.listdir(os.path.join(root, 'crates'))):
    src = os.path.join(root, 'crates', crate, 'src')
    total = 0
    for dp, _, fs in os.walk(src):
        for f in fs:
            if not f.endswith('.rs'):
                continue
            p = os.path.join(dp, f)
            lines = open(p, encoding='utf-8').read().split('\n')
            total += len(lines) - 1
            if f == 'tests.rs':
                continue
            skip_indent = None
            i = 0
            while i < len(lines):
                l = lines[i]
                if l.strip() == '#[cfg(test)]':
                    # skip the following item
                    ind = len(l) - len(l.lstrip())
                    j = i + 1
                    while j < len(lines) and not (lines[j].startswith(' ' * ind + '}') and len(lines[j]) - len(lines[j].lstrip()) == ind):
                        if re.match(r'^\s*mod \w+;', lines[j]):
                            break
                        j += 1
                    i = j + 1
                    continue
                m = fn_re.match(l)
                if m and not l.rstrip().endswith(';'):
                    ind = m.group(1)
                    j = i
                    # find opening line ending with '{' then closing
                    while j < len(lines) and not lines[j].rstrip().endswith('{'):
                        if lines[j].rstrip().endswith(';'):
                            break
                        j += 1
                    k = j + 1
                    while k < len(lines) and lines[k] != ind + '}':
                        k += 1
                    funcs.append((k - i + 1, m.group(7), os.path.relpath(p, root), i + 1))
                i += 1
    crates[crate] = total
print('lines per crate (src, tests.rs and #[cfg(test)] included):')
for c, n in crates.items():
    print(f'  {c:16} {n:6}')
print(f'  {"total":16} {sum(crates.values()):6}')
print('longest library functions:')
for n, name, p, line in sorted(funcs, reverse=True)[:int(sys.argv[2]) if len(sys.argv) > 2 else 5]:
    print(f'  {n:4}  {name}  {p}:{line}')
print('functions over 120 lines:', sum(1 for f in funcs if f[0] > 120))
