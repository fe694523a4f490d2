package io.cirstream.core.eval.dataset;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON files of a dataset and checks their entries, collecting every problem with the file and the entry
 * it is in, so that one run reports all of them ({@link DatasetException#malformed}).
 */
final class DatasetJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<DatasetProblem> problems = new ArrayList<>();

    /** Parses a whole file; a missing file or invalid JSON throws at once. */
    static JsonNode read(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw DatasetException.missingFile(file, what);
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            if (node == null || node.isMissingNode()) {
                throw DatasetException.malformed(List.of(new DatasetProblem(file, "whole file", "the file is empty")));
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "whole file" : "line " + at.getLineNr() + ", column " + at.getColumnNr();
            throw DatasetException.malformed(
                    List.of(new DatasetProblem(file, where, "not valid JSON: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new DatasetException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records a problem. */
    void problem(Path file, String entry, String reason) {
        problems.add(new DatasetProblem(file, entry, reason));
    }

    /** Throws every problem recorded so far, if there is any. */
    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw DatasetException.malformed(problems);
        }
    }

    /** A required non-empty string field, or null after recording why it is not one. */
    String text(Path file, String entry, JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            problem(file, entry, "field '" + field + "' is missing");
            return null;
        }
        if (!value.isTextual()) {
            problem(file, entry, "field '" + field + "' must be a string, found " + describe(value));
            return null;
        }
        if (value.asText().isEmpty()) {
            problem(file, entry, "field '" + field + "' is an empty string");
            return null;
        }
        return value.asText();
    }

    /** A required list of strings of the given size range, or null after recording why it is not one. */
    List<String> texts(Path file, String entry, JsonNode object, String field, int min, int max) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            problem(file, entry, "field '" + field + "' is missing");
            return null;
        }
        if (!value.isArray()) {
            problem(file, entry, "field '" + field + "' must be a list of strings, found " + describe(value));
            return null;
        }
        if (value.size() < min || value.size() > max) {
            String wanted = min == max ? "exactly " + min : min + " to " + max;
            problem(file, entry, "field '" + field + "' must hold " + wanted + " strings, found " + value.size());
            return null;
        }
        List<String> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isTextual()) {
                problem(file, entry, "'" + field + "'[" + i + "] must be a string, found " + describe(value.get(i)));
                return null;
            }
            out.add(value.get(i).asText());
        }
        return out;
    }

    /** What a JSON value is, for messages: its type and a short rendering. */
    static String describe(JsonNode value) {
        String text = value.toString();
        if (text.length() > 40) {
            text = text.substring(0, 37) + "...";
        }
        return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + text;
    }
}
