package io.cirstream.core.eval.dataset;

import java.nio.file.Path;

/**
 * One thing wrong with a dataset file: which file, which entry (its position in the JSON array, or its key in a JSON
 * object), and what is wrong.
 *
 * @param file the file
 * @param entry the entry: {@code "entry 17"}, {@code "key 'dev-1-0-img0'"}, or {@code "line 3, column 9"}
 * @param reason what is wrong, with the value found
 */
public record DatasetProblem(Path file, String entry, String reason) {

    @Override
    public String toString() {
        return file + ": " + entry + ": " + reason;
    }
}
