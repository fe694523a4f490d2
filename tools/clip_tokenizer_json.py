#!/usr/bin/env python3
"""Build CLIP's byte-level BPE tokenizer as a HuggingFace ``tokenizers`` file (tokenizer.json).

The result reproduces ``open_clip.tokenize`` (the OpenAI CLIP ``SimpleTokenizer`` that CLIP4Cir uses) from the BPE
merges open_clip ships (``bpe_simple_vocab_16e6.txt.gz``):

* vocabulary: the 256 byte-unicode characters, the same with ``</w>``, one entry per merge (the first
  49152-256-2 merges after the header line), then ``<|startoftext|>`` = 49406 and ``<|endoftext|>`` = 49407;
* model: BPE with ``end_of_word_suffix="</w>"``;
* normalizer: what ``SimpleTokenizer``'s cleaning does (``ftfy.fix_text`` → ``html.unescape`` twice → collapse
  whitespace → ``str.lower``), as far as a chain of HuggingFace normalizers can express it: common HTML entities,
  ftfy's C1-control, Latin-ligature, character-width and curly-quote tables, terminal escapes and control characters
  removed, NFC, Python's whitespace set collapsed to one space, Greek final sigma, lowercase;
* pre-tokenizer: CLIP's case-insensitive regex split (``'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+``) then
  ``ByteLevel(add_prefix_space=False, use_regex=False)``;
* post-processor: ``<|startoftext|> $A <|endoftext|>`` (49406 … 49407). Context framing (pad to 77 with 0, or
  truncate to 77 with 49407 last) is the caller's job, as with CLIP.

The two special tokens are *not* registered as "added tokens": a caption that contains the text ``<|endoftext|>``
is tokenised as ordinary text, like ``open_clip`` does, so user input can never inject control tokens.

What cannot be expressed (and so may differ from ``open_clip`` on such inputs): ftfy's mojibake repair
(``fix_encoding``, e.g. ``"cafÃ©"`` → ``"café"``), HTML entities beyond the table below, and the rule that ftfy
skips HTML unescaping when the text contains ``<``. ``tools/check_tokenizer.py`` measures the agreement.
"""

from __future__ import annotations

import gzip
import json
import sys
from functools import lru_cache
from pathlib import Path

from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

START_OF_TEXT = "<|startoftext|>"
END_OF_TEXT = "<|endoftext|>"
START_ID = 49406
END_ID = 49407
VOCAB_SIZE = 49408
CONTEXT_LENGTH = 77
NUM_MERGES = 49152 - 256 - 2

#: CLIP's token pattern (OpenAI CLIP / open_clip, without the special-token alternatives), case-insensitive as CLIP
#: compiles it (re.IGNORECASE: "'ſ" matches "'s").
CLIP_SPLIT_PATTERN = r"""(?i)'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""

#: Unicode's Final_Sigma context for U+03A3 (Python's ``str.lower`` honours it).
FINAL_SIGMA_PATTERN = (
    r"(?<=\p{Cased}|\p{Cased}\p{Case_Ignorable}|\p{Cased}\p{Case_Ignorable}{2}|\p{Cased}\p{Case_Ignorable}{3})"
    r"\x{3a3}(?!\p{Case_Ignorable}*\p{Cased})"
)

#: HTML entities decoded (twice, as ``html.unescape(html.unescape(...))`` does). Longest first where one is a prefix.
HTML_ENTITIES = [
    ("&amp;", "&"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", '"'),
    ("&apos;", "'"),
    ("&#39;", "'"),
    ("&#039;", "'"),
    ("&#x27;", "'"),
    ("&#34;", '"'),
    ("&#x22;", '"'),
    ("&#38;", "&"),
    ("&nbsp;", "\u00a0"),
    ("&ndash;", "\u2013"),
    ("&mdash;", "\u2014"),
    ("&hellip;", "\u2026"),
    ("&rsquo;", "\u2019"),
    ("&lsquo;", "\u2018"),
    ("&rdquo;", "\u201d"),
    ("&ldquo;", "\u201c"),
    ("&eacute;", "\u00e9"),
    ("&egrave;", "\u00e8"),
    ("&deg;", "\u00b0"),
    ("&times;", "\u00d7"),
    ("&copy;", "\u00a9"),
    ("&reg;", "\u00ae"),
    ("&trade;", "\u2122"),
    ("&#160;", "\u00a0"),
    ("&#8211;", "\u2013"),
    ("&#8212;", "\u2014"),
    ("&#8216;", "\u2018"),
    ("&#8217;", "\u2019"),
    ("&#8220;", "\u201c"),
    ("&#8221;", "\u201d"),
    ("&#8230;", "\u2026"),
    ("&#x2019;", "\u2019"),
    ("&#x201c;", "\u201c"),
    ("&#x201d;", "\u201d"),
]


def default_bpe_path() -> Path:
    """open_clip's shipped BPE merges file (``bpe_simple_vocab_16e6.txt.gz``)."""
    import open_clip.tokenizer as oct

    return Path(oct.default_bpe())


@lru_cache()
def bytes_to_unicode() -> dict[int, str]:
    """CLIP's reversible byte → printable-unicode-character table (same order as CLIP's)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2**8):
        if b not in bs:
            bs.append(b)
            cs.append(2**8 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


def read_merges(bpe_path: Path) -> list[tuple[str, str]]:
    """The first 49152-256-2 merges after the header line of CLIP's BPE file."""
    if not bpe_path.is_file():
        raise FileNotFoundError(f"BPE merges file {bpe_path} does not exist")
    lines = gzip.open(bpe_path).read().decode("utf-8").split("\n")
    merges = [tuple(line.split()) for line in lines[1 : NUM_MERGES + 1]]
    bad = [m for m in merges if len(m) != 2]
    if bad or len(merges) != NUM_MERGES:
        raise ValueError(f"{bpe_path}: expected {NUM_MERGES} merges of two symbols, got {len(merges)} ({len(bad)} bad)")
    return merges  # type: ignore[return-value]


def build_vocab(merges: list[tuple[str, str]]) -> dict[str, int]:
    """CLIP's vocabulary: bytes, bytes+</w>, merges, <|startoftext|>, <|endoftext|>."""
    chars = list(bytes_to_unicode().values())
    vocab = chars + [c + "</w>" for c in chars] + ["".join(m) for m in merges] + [START_OF_TEXT, END_OF_TEXT]
    if len(vocab) != VOCAB_SIZE or len(set(vocab)) != VOCAB_SIZE:
        raise ValueError(f"CLIP vocabulary should have {VOCAB_SIZE} distinct entries, got {len(set(vocab))}")
    return {token: i for i, token in enumerate(vocab)}


def _ftfy_tables() -> tuple[dict[str, str], str]:
    """ftfy's character tables as (char → replacement map, regex class of removed control characters)."""
    from ftfy import chardata

    mapping: dict[str, str] = {}
    # fix_c1_controls: U+0080..U+009F are read as their (sloppy) Windows-1252 characters.
    for code in range(0x80, 0xA0):
        ch = chr(code)
        mapping[ch] = ch.encode("latin-1").decode("sloppy-windows-1252")
    for table in (chardata.LIGATURES, chardata.WIDTH_MAP):
        for code, repl in table.items():
            mapping.setdefault(chr(code), repl)
    removed = "".join(f"\\x{{{code:x}}}" for code in sorted(chardata.CONTROL_CHARS))
    return mapping, f"[{removed}]"


def _python_whitespace_class() -> str:
    """A regex class of every character ``str.split()`` treats as whitespace (Python's ``str.isspace``)."""
    codes = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    return "[" + "".join(f"\\x{{{c:x}}}" for c in codes) + "]+"


def build_normalizer() -> normalizers.Normalizer:
    """The normalizer chain that mirrors open_clip's ``_clean_lower`` (ftfy → html.unescape ×2 → whitespace → lower)."""
    from ftfy import chardata

    steps: list[normalizers.Normalizer] = []
    # ftfy.fix_text: unescape_html, then (fix_encoding: not expressible), C1 controls, ligatures, width, quotes,
    # line breaks (subsumed by the whitespace collapse), terminal escapes, control characters, NFC.
    steps += [normalizers.Replace(entity, text) for entity, text in HTML_ENTITIES]
    mapping, removed_class = _ftfy_tables()
    # The mapped characters' replacements are never themselves mapped again, except C1 quotes → curly → straight,
    # which the quote step below handles because it runs after the map.
    steps += [normalizers.Replace(src, dst) for src, dst in mapping.items()]
    steps.append(normalizers.Replace(Regex(chardata.DOUBLE_QUOTE_RE.pattern), '"'))
    steps.append(normalizers.Replace(Regex(chardata.SINGLE_QUOTE_RE.pattern), "'"))
    steps.append(normalizers.Replace(Regex(r"\x{1b}\[[0-9;]*[a-zA-Z]"), ""))
    steps.append(normalizers.Replace(Regex(removed_class), ""))
    steps.append(normalizers.NFC())
    # basic_clean's html.unescape(html.unescape(text)) runs after ftfy.
    steps += [normalizers.Replace(entity, text) for entity, text in HTML_ENTITIES]
    steps += [normalizers.Replace(entity, text) for entity, text in HTML_ENTITIES]
    # whitespace_clean: " ".join(text.split()) — Python's whitespace set, not the regex engine's \s.
    steps.append(normalizers.Replace(Regex(_python_whitespace_class()), " "))
    # str.lower() applies Unicode's Final_Sigma rule (capital sigma after a cased letter, not followed by one,
    # case-ignorable characters skipped, becomes final sigma); a per-character lowercase does not.
    steps.append(normalizers.Replace(Regex(FINAL_SIGMA_PATTERN), "\u03c2"))
    steps.append(normalizers.Lowercase())
    return normalizers.Sequence(steps)


def build_tokenizer(bpe_path: Path | None = None) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` equivalent to CLIP's SimpleTokenizer (ids without context framing)."""
    merges = read_merges(bpe_path or default_bpe_path())
    vocab = build_vocab(merges)
    bpe = models.BPE(
        vocab=vocab,
        merges=merges,
        end_of_word_suffix="</w>",
        continuing_subword_prefix="",
        unk_token=END_OF_TEXT,
        fuse_unk=False,
    )
    tok = Tokenizer(bpe)
    tok.normalizer = build_normalizer()
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(CLIP_SPLIT_PATTERN), behavior="removed", invert=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.post_processor = processors.TemplateProcessing(
        single=f"{START_OF_TEXT} $A {END_OF_TEXT}",
        special_tokens=[(START_OF_TEXT, START_ID), (END_OF_TEXT, END_ID)],
    )
    tok.decoder = decoders.ByteLevel()
    return tok


def tokenizer_json(tok: Tokenizer) -> str:
    """Serialise deterministically, with merges in the classic ``"a b"`` string form (readable by older
    tokenizers releases such as the Rust 0.21 that DJL bundles, and by newer ones)."""
    data = json.loads(tok.to_str())
    merges = data["model"]["merges"]
    if merges and isinstance(merges[0], list):
        if any(" " in part for pair in merges for part in pair):
            raise ValueError("a merge contains a space; cannot use the string merge format")
        data["model"]["merges"] = [" ".join(pair) for pair in merges]
    return json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":")) + "\n"


def write_tokenizer_json(path: Path, bpe_path: Path | None = None) -> Path:
    """Build CLIP's tokenizer and write it to ``path``; returns ``path``."""
    text = tokenizer_json(build_tokenizer(bpe_path))
    path.write_text(text, encoding="utf-8")
    return path


def clip_frame(ids: list[int], context_length: int = CONTEXT_LENGTH) -> list[int]:
    """CLIP's context rule on ids that already carry 49406 … 49407: pad with 0 to ``context_length``; if longer,
    keep the first ``context_length`` and make the last one 49407."""
    if len(ids) > context_length:
        ids = ids[:context_length]
        ids[-1] = END_ID
    return ids + [0] * (context_length - len(ids))


def encode_framed(tok: Tokenizer, captions: list[str], context_length: int = CONTEXT_LENGTH) -> list[list[int]]:
    """Token ids of captions with the post-processor's start/end tokens and CLIP's framing (77 ids each)."""
    return [clip_frame(list(e.ids), context_length) for e in tok.encode_batch(captions, add_special_tokens=True)]


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Write CLIP's BPE tokenizer as a HuggingFace tokenizer.json.")
    parser.add_argument("out", type=Path, help="output file (tokenizer.json)")
    parser.add_argument("--bpe", type=Path, default=None, help="BPE merges file (default: open_clip's)")
    args = parser.parse_args()
    print(f"wrote {write_tokenizer_json(args.out, args.bpe)}")
