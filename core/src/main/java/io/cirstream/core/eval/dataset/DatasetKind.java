package io.cirstream.core.eval.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The datasets cirstream reads, each with its layout, its splits and how the protocol cuts a split into evaluation
 * units (FashionIQ ranks within each category; CIRR over the whole split). {@code synthetic} is the output of
 * {@code cirstream synth}: its {@code fashioniq/} layout (per-category evaluation, two captions per triplet).
 */
public enum DatasetKind {
    FASHIONIQ("train", "val"),
    CIRR("train", "val"),
    SYNTHETIC("train", "val");

    /** Where {@code cirstream synth} writes the FashionIQ layout inside its output directory. */
    public static final String SYNTHETIC_FASHIONIQ = "fashioniq";

    /** Where {@code cirstream synth} writes the CIRR layout inside its output directory. */
    public static final String SYNTHETIC_CIRR = "cirr";

    private final String trainSplit;
    private final String validationSplit;

    DatasetKind(String trainSplit, String validationSplit) {
        this.trainSplit = trainSplit;
        this.validationSplit = validationSplit;
    }

    /** Parses {@code fashioniq}, {@code cirr} or {@code synthetic}, case-insensitively. */
    public static DatasetKind parse(String value) {
        for (DatasetKind kind : values()) {
            if (kind.cliName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return kind;
            }
        }
        throw new IllegalArgumentException("dataset must be one of fashioniq, cirr, synthetic; got '" + value + "'");
    }

    /** The name on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The split training reads. */
    public String trainSplit() {
        return trainSplit;
    }

    /** The split the published protocol evaluates on (CIRR's test1 goes to the evaluation server). */
    public String validationSplit() {
        return validationSplit;
    }

    /** The splits of the layout. */
    public List<String> splits() {
        return this == CIRR ? CirrLoader.SPLITS : FashionIqLoader.SPLITS;
    }

    /** A whole split as one dataset (all FashionIQ categories together): what training reads. */
    public CirDataset load(Path path, String split, MissingImagePolicy policy) {
        checkSplit(split);
        return switch (this) {
            case CIRR -> new CirrLoader(path, policy).load(split);
            case FASHIONIQ -> new FashionIqLoader(path, policy).loadAll(split);
            case SYNTHETIC -> new FashionIqLoader(syntheticRoot(path), policy).loadAll(split);
        };
    }

    /** The protocol's evaluation units of a split: one dataset per FashionIQ category, the whole split for CIRR. */
    public List<CirDataset> evaluationUnits(Path path, String split, MissingImagePolicy policy) {
        checkSplit(split);
        if (this == CIRR) {
            return List.of(new CirrLoader(path, policy).load(split));
        }
        FashionIqLoader loader = new FashionIqLoader(this == SYNTHETIC ? syntheticRoot(path) : path, policy);
        List<CirDataset> units = new ArrayList<>();
        for (String category : loader.categories(split)) {
            units.add(loader.load(category, split));
        }
        return units;
    }

    /** The FashionIQ layout of a synth output directory (or the directory itself if it is that layout). */
    public static Path syntheticRoot(Path path) {
        Path nested = path.resolve(SYNTHETIC_FASHIONIQ);
        return Files.isDirectory(nested.resolve("captions")) ? nested : path;
    }

    private void checkSplit(String split) {
        if (!splits().contains(split)) {
            throw new IllegalArgumentException(cliName() + " has the splits " + splits() + "; got '" + split + "'");
        }
    }
}
