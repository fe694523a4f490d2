package io.cirstream.core.eval.dataset;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a dataset's root: the directory given, or the folder CLIP4Cir's own layout nests it in. */
final class DatasetRoot {

    private DatasetRoot() {}

    /**
     * @param path what the user gave
     * @param marker the sub-directory every root has ({@code captions}, {@code cirr})
     * @param clip4cir the folder CLIP4Cir puts the dataset in ({@code fashionIQ_dataset}, {@code cirr_dataset})
     * @param what the missing directory in words, for the error
     */
    static Path resolve(Path path, String marker, String clip4cir, String what) {
        if (Files.isDirectory(path.resolve(marker))) {
            return path;
        }
        Path nested = path.resolve(clip4cir);
        if (Files.isDirectory(nested.resolve(marker))) {
            return nested;
        }
        throw DatasetException.missingFile(path.resolve(marker), what);
    }
}
