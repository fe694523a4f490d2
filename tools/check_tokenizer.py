#!/usr/bin/env python3
"""Check that a CLIP tokenizer.json gives exactly open_clip's token ids.

Compares ``tools/clip_tokenizer_json.py``'s tokenizer (freshly built, or a bundle's ``tokenizer.json`` with
``--tokenizer``) against ``open_clip.tokenize`` (CLIP's ``SimpleTokenizer``) on a deterministic set of captions:
FashionIQ/CIRR-style sentences, punctuation, numbers, apostrophes ('s 't 're 've 'm 'll 'd), curly quotes, HTML
entities, ligatures, full-width forms, C1 controls, many scripts, emoji, odd whitespace, empty strings and captions far
longer than the 77-token context. Both sides are framed with CLIP's rule (pad to 77 with 0; if longer, keep 77 and set
the last id to 49407).

Exit status 0 when every caption gives identical ids, or differs only through ftfy's mojibake repair (checked by
re-running open_clip with ``fix_encoding`` off; random code-point soup sometimes looks like mis-decoded UTF-8). Inputs that the HuggingFace normalizers cannot reproduce
(ftfy's mojibake repair and a few HTML corner cases, see ``clip_tokenizer_json.py``) are checked separately and only
reported.

    .venv/bin/python tools/check_tokenizer.py                      # the tokenizer export_bundle.py writes
    .venv/bin/python tools/check_tokenizer.py --tokenizer fixtures/tiny-bundle/tokenizer.json
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from clip_tokenizer_json import CONTEXT_LENGTH, build_tokenizer, encode_framed, tokenizer_json  # noqa: E402

FIXED_CAPTIONS = [
    "is red and has long sleeves",
    "is blue and more fitted and has no sleeves",
    "Is darker and has a v-neck.",
    "is a solid color and is shorter",
    "has a print and is lighter in color",
    "is more revealing and is black",
    "has a graphic logo and is white",
    "is less formal, with a zipper",
    "Has pockets and buttons!",
    "is grey and sleeveless?",
    "Remove the dog and add a cat on the sofa",
    "Show three of the same breed lying on grass instead of one standing.",
    "the target image has two bottles instead of one, and the background is white",
    "Make it a close-up; change the angle to a side view",
    "More people, fewer cars — and it's night time",
    "same dress but red, with shorter sleeves",
    "It's the same shirt, but it's got stripes",
    "don't add a hat; we're removing it",
    "they've been replaced, I'm sure they'll fit, he'd like it",
    "IT'S LOUD, DON'T SHOUT, WE'RE HERE, THEY'VE GONE, I'M OK, YOU'LL SEE, SHE'D GO",
    "the dog's bowl; the cats' toys; 'quoted words'",
    "o'clock rock'n'roll ma'am y'all",
    "'s 't 're 've 'm 'll 'd",
    "''s '''t 's's",
    "price $19.99, 50% off, 2-for-1 deal!!!",
    "size 10 (US) / 42 (EU) / 3XL",
    "1234567890 0.5 1,000,000 3rd 21st 2nd",
    "model #A12-b34_C56",
    "email me at someone@example.com or visit https://example.com/a?b=c&d=e",
    "C++ vs C# vs F#; x<y>z; a|b; {curly} [square] (round)",
    "...",
    "?!?!",
    "---===___",
    "a",
    "A",
    "",
    " ",
    "   ",
    "\t\n",
    "  leading and trailing spaces  ",
    "multiple     spaces\tand\ttabs\nand\nnewlines\r\nand CRLF",
    "non\u00a0breaking\u2009thin\u3000ideographic\u2028line\u2029para\u0085nel spaces",
    "zero\u200bwidth\u200cjoiner\u200dtest\ufeffbom",
    "vertical\x0btab form\x0cfeed",
    "control\x00chars\x01\x02\x07\x1b\x7f removed",
    "escape \x1b[31mred\x1b[0m text",
    "It’s a “nice” shirt ‘really’",
    "don’t, won’t, can’t, I’ve, we’re, you’ll, she’d, I’m",
    "„German quotes“ and «French» and ‹single›",
    "\x91quoted\x92 and \x93double\x94 \x85 \x96 \x97 \x80",
    "ﬁsh ﬂavour oﬀ eﬃcient waﬄe ﬅ ﬆ Ĳssel ǅ",
    "ＬＯＵＤ　ＮＯＩＳＥＳ ｆｕｌｌｗｉｄｔｈ １２３ ＡＢＣ！？",
    "ﾊﾝｶｸ ｶﾀｶﾅ half-width katakana",
    "fish &amp; chips &lt;b&gt;bold&lt;/b&gt; &quot;quoted&quot; it&#39;s",
    "double &amp;amp; escaped &amp;lt;tag&amp;gt;",
    "&nbsp;spaced&nbsp;out&nbsp; &ndash; &mdash; &hellip;",
    "it&rsquo;s &ldquo;fancy&rdquo;",
    "it&#8217;s &#8220;numeric&#8221; &#x2019; &#160;",
    "R&D, H&M, AT&T, Tom & Jerry, rock&roll",
    "café naïve résumé façade jalapeño Ångström",
    "cafe\u0301 decomposed e\u0301 (NFC)",
    "Straße GROSS ß ẞ",
    "İstanbul ıi IJ",
    "ΟΔΟΣ ΣΟΦΟΣ Σ ΑΣ ΣΑ",
    "Ελληνικά κείμενα με τόνους",
    "Русский текст: красное платье с длинными рукавами",
    "Українська мова: ї є ґ",
    "עברית מימין לשמאל",
    "العربية: فستان أحمر",
    "हिन्दी पाठ: लाल पोशाक",
    "ไทย ภาษาไทย",
    "中文：红色的连衣裙，长袖。",
    "日本語：赤いドレス、長袖です。カタカナ ひらがな",
    "한국어: 빨간 드레스, 긴 소매",
    "Tiếng Việt có dấu: áo đỏ dài tay",
    "emoji 😀👍🏽 family 👨‍👩‍👧‍👦 flags 🇫🇷🇯🇵 heart ❤️",
    "math ∑∫√∞ ≤ ≥ ≠ ± × ÷ ½ ¾ ² ³ µ",
    "symbols © ® ™ ° § ¶ † ‡ • € £ ¥ ₹",
    "superscript x² subscript H₂O",
    "combining marks: a\u0300\u0301\u0302 o\u0308",
    "ＡＢＣ ａｂｃ ０１２",
    "<|startoftext|> <|endoftext|> inside text",
    "tab\tseparated\tvalues\t",
    "a" * 80,
    "supercalifragilisticexpialidocious pneumonoultramicroscopicsilicovolcanoconiosis",
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "x" * 1000,
    " ".join(["is red and has long sleeves"] * 20),
    " ".join(str(i) for i in range(200)),
    "!" * 300,
    "😀" * 100,
    "is more colorful and has a deeper neckline, " * 10,
]

# Inputs where HuggingFace normalizers cannot do what ftfy does (reported, not counted as failures).
KNOWN_LIMITS = [
    "cafÃ© mojibake",
    "Ã¢â‚¬Å“double mojibakeÃ¢â‚¬Â",
    "a < b &rsquo; c",
    "&eacute&copy legacy entities without semicolon",
    "&#8482; numeric entities beyond the table &#x2122;",
    # open_clip's own special-token spelling is parsed as a control token; a tokenizer.json never parses
    # special tokens out of caption text (OpenAI CLIP, which CLIP4Cir used, spells them <|startoftext|>).
    "<start_of_text> <end_of_text>",
]

FASHION_COLORS = ["red", "blue", "green", "black", "white", "navy", "beige", "light pink", "dark grey", "olive"]
FASHION_PARTS = ["sleeves", "neckline", "collar", "hem", "print", "logo", "buttons", "pattern", "straps", "pockets"]
FASHION_ADJ = ["longer", "shorter", "tighter", "looser", "brighter", "darker", "more casual", "less formal", "shinier"]
CIRR_NOUNS = ["dog", "cat", "car", "bottle", "people", "tree", "building", "monkey", "plate", "boat", "laptop"]
CIRR_VERBS = ["remove", "add", "replace", "show", "make", "change", "turn", "zoom in on", "crop out", "move"]
PUNCT = [".", ",", "!", "?", ";", ":", "...", " -", "'", '"', "(", ")", "&", "/", "’", "“", "”", "—"]
CONTRACTIONS = ["it's", "don't", "we're", "they've", "I'm", "you'll", "he'd", "isn't", "can't", "dog's"]
UNICODE_WORDS = ["café", "naïve", "Straße", "ΣΟΦΟΣ", "платье", "红色", "ドレス", "😀", "ﬁne", "ＦＵＬＬ", "ǅemal", "İzmir"]
SPACES = [" ", "  ", "\t", "\n", "\u00a0", "\u3000", " \r\n "]


def generated_captions(count: int, seed: int) -> list[str]:
    """Deterministic pseudo-random captions mixing fashion/CIRR phrasing, punctuation, numbers, unicode, spaces."""
    rng = random.Random(seed)
    captions = []
    for i in range(count):
        kind = i % 5
        if kind == 0:
            c1 = f"is {rng.choice(FASHION_COLORS)} and has {rng.choice(FASHION_ADJ)} {rng.choice(FASHION_PARTS)}"
            c2 = f"{rng.choice(['is', 'has', 'looks'])} {rng.choice(FASHION_ADJ)}{rng.choice(PUNCT)}"
            text = c1.capitalize() + " and " + c2 if rng.random() < 0.5 else c1
        elif kind == 1:
            text = (
                f"{rng.choice(CIRR_VERBS).capitalize()} the {rng.choice(CIRR_NOUNS)}"
                f"{rng.choice(PUNCT)} {rng.randint(0, 12)} {rng.choice(CIRR_NOUNS)}s {rng.choice(CONTRACTIONS)}"
            )
        elif kind == 2:
            words = [
                rng.choice(FASHION_COLORS + CIRR_NOUNS + CONTRACTIONS + UNICODE_WORDS + [str(rng.randint(0, 9999))])
                for _ in range(rng.randint(1, 12))
            ]
            text = "".join(w + rng.choice(SPACES + PUNCT) for w in words)
        elif kind == 3:
            # random code points from many blocks, including marks and symbols
            blocks = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x590, 0x6FF), (0x900, 0x97F),
                      (0x2000, 0x206F), (0x2100, 0x22FF), (0x3040, 0x30FF), (0x4E00, 0x4FFF), (0xAC00, 0xAD00),
                      (0xFB00, 0xFB06), (0xFF00, 0xFFEF), (0x1F300, 0x1F64F)]
            chars = []
            for _ in range(rng.randint(1, 40)):
                lo, hi = rng.choice(blocks)
                chars.append(chr(rng.randint(lo, hi)))
            text = "".join(chars)
        else:
            n = rng.randint(30, 120)
            text = " ".join(rng.choice(FASHION_COLORS + FASHION_PARTS + FASHION_ADJ + CIRR_NOUNS) for _ in range(n))
        captions.append(text)
    return captions


def all_captions(generated: int, seed: int) -> list[str]:
    """The fixed captions followed by ``generated`` random ones."""
    return FIXED_CAPTIONS + generated_captions(generated, seed)


def compare(tok, captions: list[str]) -> list[tuple[str, list[int], list[int]]]:
    """(caption, open_clip ids, tokenizer.json ids) for every caption whose ids differ."""
    import open_clip

    expected = open_clip.tokenize(captions, context_length=CONTEXT_LENGTH).tolist()
    actual = encode_framed(tok, captions)
    return [(c, e, a) for c, e, a in zip(captions, expected, actual) if e != a]


def explained_by_mojibake_repair(caption: str, actual: list[int]) -> bool:
    """Whether open_clip gives ``actual`` once ftfy's mojibake repair (``fix_encoding``) is switched off, i.e. the
    difference is only ftfy re-decoding text it takes for mis-decoded UTF-8, which no tokenizer.json can do."""
    import ftfy
    from open_clip.tokenizer import SimpleTokenizer, whitespace_clean
    import html

    tokenizer = SimpleTokenizer()
    tokenizer.clean_fn = lambda text: whitespace_clean(
        html.unescape(html.unescape(ftfy.fix_text(text, fix_encoding=False))).strip()
    ).lower()
    return tokenizer([caption], context_length=CONTEXT_LENGTH)[0].tolist() == actual


def describe(mismatch: tuple[str, list[int], list[int]]) -> str:
    """One mismatch, readable."""
    caption, expected, actual = mismatch
    strip = lambda ids: [i for i in ids if i]  # noqa: E731
    return f"  {caption[:80]!r}\n    open_clip: {strip(expected)[:20]}\n    tokenizer: {strip(actual)[:20]}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tokenizer", type=Path, help="a tokenizer.json to check (default: build one now)")
    parser.add_argument("--generated", type=int, default=400, help="number of random captions (default 400)")
    parser.add_argument("--seed", type=int, default=1234, help="seed of the random captions")
    args = parser.parse_args()

    from tokenizers import Tokenizer

    if args.tokenizer:
        if not args.tokenizer.is_file():
            parser.error(f"tokenizer file {args.tokenizer} does not exist")
        tok = Tokenizer.from_file(str(args.tokenizer))
        source = str(args.tokenizer)
    else:
        # round-trip through the serialised form, exactly what a bundle holds
        tok = Tokenizer.from_str(tokenizer_json(build_tokenizer()))
        source = "freshly built tokenizer.json"

    captions = all_captions(args.generated, args.seed)
    differing = compare(tok, captions)
    mojibake = [m for m in differing if explained_by_mojibake_repair(m[0], m[2])]
    mismatches = [m for m in differing if m not in mojibake]
    truncated = sum(1 for c in captions if len(tok.encode(c).ids) > CONTEXT_LENGTH)
    print(f"checked {len(captions)} captions ({truncated} longer than {CONTEXT_LENGTH} tokens) against "
          f"open_clip.tokenize with {source}: {len(captions) - len(differing)} identical, {len(mismatches)} differ"
          + (f", {len(mojibake)} differ only by ftfy's mojibake repair (known limit)" if mojibake else ""))
    for m in mismatches:
        print(describe(m))
    for m in mojibake:
        print("  (mojibake repair) " + describe(m).lstrip())

    limits = compare(tok, KNOWN_LIMITS)
    print(f"known limits (not counted; ftfy features and open_clip quirks a tokenizer.json cannot express): "
          f"{len(limits)} of {len(KNOWN_LIMITS)} differ, as expected")
    for m in limits:
        print(describe(m))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
