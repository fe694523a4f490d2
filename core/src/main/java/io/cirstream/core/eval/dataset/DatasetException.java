package io.cirstream.core.eval.dataset;

import io.cirstream.core.CirstreamException;
import java.nio.file.Path;
import java.util.List;

/**
 * A dataset that cannot be loaded as released: a missing file, a file that is not the JSON it should be, entries
 * that are malformed (each problem names the file, the entry and what is wrong), or missing images when the policy is
 * {@link MissingImagePolicy#FAIL}.
 */
public final class DatasetException extends CirstreamException {
    private static final long serialVersionUID = 1L;

    /** At most this many problems are spelled out in the message; the count covers all of them. */
    static final int PROBLEMS_SHOWN = 20;

    private final transient List<DatasetProblem> problems;

    DatasetException(String message, List<DatasetProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    DatasetException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of();
    }

    /** A required file or directory of the layout is not there. */
    static DatasetException missingFile(Path path, String what) {
        return new DatasetException("missing " + what + ": " + path, List.of());
    }

    /** Malformed entries of one file (or several): all of them, the first {@value #PROBLEMS_SHOWN} in the message. */
    static DatasetException malformed(List<DatasetProblem> problems) {
        StringBuilder message = new StringBuilder();
        message.append(problems.size()).append(problems.size() == 1 ? " malformed entry" : " malformed entries");
        for (int i = 0; i < Math.min(PROBLEMS_SHOWN, problems.size()); i++) {
            message.append("\n  ").append(problems.get(i));
        }
        if (problems.size() > PROBLEMS_SHOWN) {
            message.append("\n  ... and ")
                    .append(problems.size() - PROBLEMS_SHOWN)
                    .append(" more");
        }
        return new DatasetException(message.toString(), problems);
    }

    /** Every problem found, in file and entry order (empty for a missing file). */
    public List<DatasetProblem> problems() {
        return problems;
    }
}
