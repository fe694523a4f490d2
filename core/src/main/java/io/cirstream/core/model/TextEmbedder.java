package io.cirstream.core.model;

import ai.djl.ndarray.types.Shape;
import io.cirstream.core.CirstreamException;
import java.util.Collections;
import java.util.List;

/**
 * CLIP's text encoder: captions in, raw (un-normalised) D-dimensional features out, in batches of the configured size.
 * Thread-safe: each calling thread gets its own predictor.
 */
public final class TextEmbedder implements AutoCloseable {

    private final ClipTokenizer tokenizer;
    private final TorchScriptEncoder encoder;
    private final int featureDim;
    private final int batchSize;
    private final String version;

    private TextEmbedder(
            ClipTokenizer tokenizer, TorchScriptEncoder encoder, int featureDim, int batchSize, String version) {
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.featureDim = featureDim;
        this.batchSize = batchSize;
        this.version = version;
    }

    /** Loads the bundle's tokenizer and text encoder on the resolved device. */
    public static TextEmbedder open(ModelBundle bundle, TorchRuntime.Resolved runtime) {
        BundleManifest.TextEncoderEntry entry = bundle.manifest().textEncoder();
        boolean fp16 = runtime.fp16() && entry.fp16File() != null;
        ClipTokenizer tokenizer =
                ClipTokenizer.load(bundle.tokenizerFile(), entry.contextLength(), runtime.maxCaptionChars());
        try {
            TorchScriptEncoder encoder = TorchScriptEncoder.load(
                    "text encoder",
                    bundle.directory().resolve(fp16 ? entry.fp16File() : entry.file()),
                    runtime.device(),
                    fp16,
                    runtime.encoderWorkers());
            return new TextEmbedder(tokenizer, encoder, bundle.featureDim(), runtime.textBatchSize(), entry.version());
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** The raw text feature of one caption. */
    public float[] embed(String caption) {
        return embed(Collections.singletonList(caption))[0];
    }

    /** Raw text features of captions, one row each, computed in batches. */
    public float[][] embed(List<String> captions) {
        float[][] out = new float[captions.size()][];
        for (int start = 0; start < captions.size(); start += batchSize) {
            List<String> batch = captions.subList(start, Math.min(captions.size(), start + batchSize));
            encodeBatch(tokenizer.encode(batch), out, start);
        }
        return out;
    }

    /** Raw text features of already tokenised captions ([B][contextLength] ids). */
    public float[][] embedTokens(long[][] tokens) {
        float[][] out = new float[tokens.length][];
        for (int start = 0; start < tokens.length; start += batchSize) {
            int end = Math.min(tokens.length, start + batchSize);
            long[][] batch = new long[end - start][];
            System.arraycopy(tokens, start, batch, 0, batch.length);
            encodeBatch(batch, out, start);
        }
        return out;
    }

    private void encodeBatch(long[][] tokens, float[][] out, int offset) {
        int context = tokenizer.contextLength();
        long[] flat = new long[tokens.length * context];
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i].length != context) {
                throw new CirstreamException(
                        "token row " + (offset + i) + " has " + tokens[i].length + " ids, expected " + context);
            }
            System.arraycopy(tokens[i], 0, flat, i * context, context);
        }
        float[] features = encoder.forward(flat, new Shape(tokens.length, context));
        FeatureRows.split(features, tokens.length, featureDim, "text encoder", out, offset);
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public int featureDim() {
        return featureDim;
    }

    /** The encoder version these features belong to. */
    public String version() {
        return version;
    }

    @Override
    public void close() {
        encoder.close();
        tokenizer.close();
    }
}
