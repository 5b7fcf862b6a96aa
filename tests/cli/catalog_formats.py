"""catalog_formats.py TOP: every call of a message function in TOP/cmd and TOP/lib passes a
format xgettext can extract: string literals, or an expression whose literals are all marked
N_() (xgettext takes only the first branch of ?: otherwise, and nothing from a variable).
The message functions and their format argument are read from po/extract.sh (--keyword=F:N).
Prints each offending call as FILE:LINE and exits 1 when there is one."""
import glob
import re
import sys

top = sys.argv[1]
keywords = {}
for m in re.finditer(r"--keyword=(\w+):(\d+)", open(f"{top}/po/extract.sh").read()):
    keywords[m.group(1)] = int(m.group(2)) - 1
call = re.compile(r"\b(%s)\s*\(" % "|".join(keywords))
literal = r'"(?:[^"\\]|\\.)*"'


def args_at(s, i):
    """The arguments of the call whose '(' ends at i, and where the call ends."""
    depth, cur, args = 1, "", []
    while depth:
        c = s[i]
        if c in "\"'":
            j = i + 1
            while s[j] != c:
                j += 2 if s[j] == "\\" else 1
            cur += s[i:j + 1]
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
            if not depth:
                break
        elif c == "," and depth == 1:
            args.append(cur)
            cur = ""
            i += 1
            continue
        cur += c
        i += 1
    args.append(cur)
    return args


bad = 0
for path in sorted(glob.glob(f"{top}/cmd/*.c") + glob.glob(f"{top}/lib/*/*.c")):
    s = open(path, encoding="utf-8").read()
    s = re.sub(r"/\*.*?\*/|//[^\n]*", lambda m: re.sub(r"[^\n]", " ", m.group(0)), s, flags=re.S)
    for m in call.finditer(s):
        line_start = s.rfind("\n", 0, m.start()) + 1
        if re.search(r"(int|void|char)\s*\**\s*$", s[line_start:m.start()]):
            continue  # the definition or a declaration
        args = args_at(s, m.end())
        n = keywords[m.group(1)]
        fmt = args[n].strip() if n < len(args) else ""
        if re.fullmatch(r"(%s\s*)+" % literal, fmt):
            continue
        rest = re.sub(r"\bN_\(\s*(%s\s*)+\)" % literal, "", fmt)
        if rest != fmt and not re.search(literal, rest):
            continue
        line = s.count("\n", 0, m.start()) + 1
        print(f"{path[len(top) + 1:]}:{line}: {m.group(1)}: format {' '.join(fmt.split())[:80]}")
        bad = 1
sys.exit(bad)
