package io.cirstream.core.eval.cache;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** The {@code files.tsv} of a feature cache: path, size, modification time (ms) and SHA-256 of each image file. */
final class FileChecksums {

    private static final int COLUMNS = 4;
    private static final int BUFFER = 1 << 16;

    private FileChecksums() {}

    /** What was known about one file. */
    record Entry(long size, long modifiedMillis, String sha256) {}

    /** The last entry of each path; malformed lines (a torn write) are skipped. */
    static Map<String, Entry> read(Path file) throws IOException {
        Map<String, Entry> out = new HashMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String line : lines) {
            String[] cols = line.split("\t");
            if (cols.length != COLUMNS || cols[3].length() != 64) {
                continue;
            }
            try {
                out.put(cols[0], new Entry(Long.parseLong(cols[1]), Long.parseLong(cols[2]), cols[3]));
            } catch (NumberFormatException e) {
                // a torn line: the file is checksummed again
            }
        }
        return out;
    }

    static void append(BufferedWriter out, String path, Entry entry) throws IOException {
        if (path.indexOf('\t') >= 0 || path.indexOf('\n') >= 0) {
            return;
        }
        out.write(path + "\t" + entry.size() + "\t" + entry.modifiedMillis() + "\t" + entry.sha256() + "\n");
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}
