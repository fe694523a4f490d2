package io.cirstream.core.eval.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The images a loader did not find on disk, counted once each, and the policy that decides what happens then. */
final class MissingImages {

    private final MissingImagePolicy policy;
    private final Map<String, Path> missing = new LinkedHashMap<>();

    MissingImages(MissingImagePolicy policy) {
        this.policy = policy;
    }

    void add(String name, Path lookedFor) {
        missing.putIfAbsent(name, lookedFor);
    }

    boolean contains(String name) {
        return missing.containsKey(name);
    }

    int count() {
        return missing.size();
    }

    List<String> examples() {
        List<String> out = new ArrayList<>();
        for (Path path : missing.values()) {
            if (out.size() == LoadReport.EXAMPLES) {
                break;
            }
            out.add(path.toString());
        }
        return out;
    }

    /** Under {@link MissingImagePolicy#FAIL}, refuses the dataset when any image is missing. */
    void enforce(String dataset) {
        if (policy == MissingImagePolicy.FAIL && !missing.isEmpty()) {
            throw new DatasetException(
                    missing.size() + " image file(s) of " + dataset + " are missing (policy 'fail'; use 'skip' to"
                            + " evaluate without them): " + String.join(", ", examples())
                            + (missing.size() > LoadReport.EXAMPLES ? ", ..." : ""),
                    List.of());
        }
    }
}
