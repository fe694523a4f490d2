package io.cirstream.standalone.cli;

import io.cirstream.core.eval.cache.EncoderKey;
import io.cirstream.core.eval.cache.FeatureCache;
import io.cirstream.core.model.ModelBundle;
import io.cirstream.core.model.TorchRuntime;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The feature-cache options of the commands that embed a dataset ({@code eval}, {@code train}). */
final class FeatureCacheOptions {

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "Feature cache directory (default: ~/.cache/cirstream/features).")
    Path cache;

    @Option(names = "--no-cache", description = "Embed everything, read and write no cache.")
    boolean noCache;

    /** The cache of the bundle's encoders as {@code runtime} runs them, or null with {@code --no-cache}. */
    FeatureCache open(ModelBundle bundle, TorchRuntime.Resolved runtime) {
        return noCache
                ? null
                : FeatureCache.open(
                        root(),
                        EncoderKey.of(bundle, runtime.fp16(), runtime.device().getDeviceType()));
    }

    /** {@code --cache}, else {@code $XDG_CACHE_HOME/cirstream/features}, else {@code ~/.cache/cirstream/features}. */
    Path root() {
        if (cache != null) {
            return cache;
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cirstream").resolve("features");
    }
}
