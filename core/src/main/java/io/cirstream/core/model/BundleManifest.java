package io.cirstream.core.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The manifest.json of a model bundle, as tools/export_bundle.py writes it. Parsed as is; {@link ModelBundle} checks
 * it against the files.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(
        int formatVersion,
        String name,
        String architecture,
        int featureDim,
        Encoder imageEncoder,
        TextEncoderEntry textEncoder,
        Preprocessing preprocessing,
        CombinerEntry combiner,
        Map<String, String> files) {

    /** The only manifest format this runtime reads. */
    public static final int FORMAT_VERSION = 1;

    /** A TorchScript encoder file; {@code fp16File} is an optional half-precision export for GPUs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Encoder(String file, String version, String fp16File) {}

    /** The text encoder, its tokenizer and its context length. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TextEncoderEntry(String file, String version, String tokenizer, int contextLength, String fp16File) {}

    /** Image preprocessing: CLIP4Cir's targetpad transform. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Preprocessing(
            int inputSize, double targetPadRatio, List<Float> mean, List<Float> std, String interpolation) {}

    /** The Combiner's weights (CLIP4Cir key layout) and dimensions. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record CombinerEntry(String file, String version, int projectionDim, int hiddenDim) {}
}
