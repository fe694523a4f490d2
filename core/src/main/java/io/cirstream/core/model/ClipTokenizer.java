package io.cirstream.core.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.cirstream.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * CLIP's byte-level BPE through HuggingFace tokenizers: lower-cased BPE ids framed by the start token 49406 and the
 * end token 49407, zero-padded to the context length of 77. A caption longer than the context is truncated the way
 * CLIP does it: the first 77 ids are kept and the last one becomes the end token, so the text feature (taken at the
 * end-token position) is always defined. Thread-safe.
 */
public final class ClipTokenizer implements AutoCloseable {

    /** CLIP's {@code <|startoftext|>} id. */
    public static final long START_TOKEN = 49406;

    /** CLIP's {@code <|endoftext|>} id. */
    public static final long END_TOKEN = 49407;

    /** CLIP's vocabulary size. */
    public static final int VOCABULARY_SIZE = 49408;

    private final HuggingFaceTokenizer tokenizer;
    private final int contextLength;
    private final int maxCaptionChars;

    private ClipTokenizer(HuggingFaceTokenizer tokenizer, int contextLength, int maxCaptionChars) {
        this.tokenizer = tokenizer;
        this.contextLength = contextLength;
        this.maxCaptionChars = maxCaptionChars;
    }

    /**
     * Loads a tokenizer.json.
     *
     * @param tokenizerJson the HuggingFace tokenizer file of CLIP's BPE
     * @param contextLength the text encoder's context (77 for CLIP)
     * @param maxCaptionChars captions longer than this are refused rather than tokenised
     */
    public static ClipTokenizer load(Path tokenizerJson, int contextLength, int maxCaptionChars) {
        if (contextLength < 2) {
            throw new IllegalArgumentException("contextLength must be >= 2, got " + contextLength);
        }
        if (maxCaptionChars < 1) {
            throw new IllegalArgumentException("maxCaptionChars must be >= 1, got " + maxCaptionChars);
        }
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelBundleException("tokenizer file " + tokenizerJson + " does not exist");
        }
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(false)
                    .optTruncation(false)
                    .optPadding(false)
                    .build();
            return new ClipTokenizer(tokenizer, contextLength, maxCaptionChars);
        } catch (IOException | RuntimeException e) {
            throw new ModelBundleException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e);
        }
    }

    /** Token ids of one caption: {@code contextLength} ids, CLIP's framing and truncation rule applied. */
    public long[] encode(String caption) {
        checkCaption(caption, 0);
        return frame(tokenizer.encode(caption, false, false).getIds());
    }

    /** Token ids of a batch of captions, row-major [captions.size()][contextLength]. */
    public long[][] encode(List<String> captions) {
        for (int i = 0; i < captions.size(); i++) {
            checkCaption(captions.get(i), i);
        }
        Encoding[] encodings = tokenizer.batchEncode(captions, false, false);
        long[][] out = new long[encodings.length][];
        for (int i = 0; i < encodings.length; i++) {
            out[i] = frame(encodings[i].getIds());
        }
        return out;
    }

    private long[] frame(long[] bpe) {
        long[] ids = new long[contextLength];
        ids[0] = START_TOKEN;
        int kept = Math.min(bpe.length, contextLength - 2);
        System.arraycopy(bpe, 0, ids, 1, kept);
        if (bpe.length + 2 <= contextLength) {
            ids[bpe.length + 1] = END_TOKEN;
        } else {
            // CLIP truncation: keep the first contextLength ids of [SOT, bpe..., EOT], then force the end token last.
            ids[contextLength - 1] = END_TOKEN;
        }
        return ids;
    }

    private void checkCaption(String caption, int index) {
        if (caption == null) {
            throw new InvalidInputException("caption " + index + " is null");
        }
        if (caption.length() > maxCaptionChars) {
            throw new InvalidInputException("caption " + index + " has " + caption.length()
                    + " characters, over the limit of " + maxCaptionChars + " (cirstream.caption.max-chars)");
        }
    }

    public int contextLength() {
        return contextLength;
    }

    public int maxCaptionChars() {
        return maxCaptionChars;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
