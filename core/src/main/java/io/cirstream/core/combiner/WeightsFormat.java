package io.cirstream.core.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The file formats Combiner weights are read from, told apart by their first bytes rather than by name. */
public enum WeightsFormat {
    /** A safetensors file: what cirstream's trainer publishes. */
    SAFETENSORS {
        @Override
        Map<String, FloatTensor> readStateDict(Path path) {
            return SafetensorsReader.read(path);
        }
    },
    /** A {@code torch.save} zip checkpoint, as CLIP4Cir publishes its Combiners. */
    TORCH_ZIP {
        @Override
        Map<String, FloatTensor> readStateDict(Path path) {
            return TorchCheckpointReader.readStateDict(path);
        }
    };

    private static final int ZIP_MAGIC = 0x504b0304; // "PK\3\4"
    // PROTO 2, then LONG1 of 10 bytes: how legacy torch.save files open (their magic number). As the length prefix of
    // a safetensors file these bytes would announce a header over the format's 100 MB limit, so they cannot clash.
    private static final int LEGACY_TORCH_MAGIC = 0x80028a0a;

    /** The state dict the file holds, float32, keys as stored. */
    abstract Map<String, FloatTensor> readStateDict(Path path);

    /**
     * The format of {@code path}: a zip is a PyTorch checkpoint, anything else is read as safetensors (whose reader
     * explains what is wrong with it). PyTorch's pre-1.6 pickle format is refused here.
     */
    public static WeightsFormat detect(Path path) {
        byte[] head;
        try (InputStream in = Files.newInputStream(path)) {
            head = in.readNBytes(4);
        } catch (IOException e) {
            throw new CombinerWeightsException("cannot read Combiner weights " + path + ": " + e, e);
        }
        int magic = head.length < 4
                ? 0
                : (head[0] & 0xff) << 24 | (head[1] & 0xff) << 16 | (head[2] & 0xff) << 8 | (head[3] & 0xff);
        if (magic == ZIP_MAGIC) {
            return TORCH_ZIP;
        }
        if (magic == LEGACY_TORCH_MAGIC) {
            throw new CombinerWeightsException(("%s is in PyTorch's legacy (pre-1.6) torch.save format, which is not "
                            + "read: re-save it with torch.save in PyTorch 1.6 or later, or as safetensors")
                    .formatted(path));
        }
        return SAFETENSORS;
    }
}
