package io.cirstream.core.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for one run ({@code mount -t tmpfs -o size=...}; needs root or CAP_SYS_ADMIN), which
 * {@link #fill} fills to the last byte and {@link #free} empties again: a full disk under a store.
 */
public final class TmpfsMount implements AutoCloseable {

    private static final String FILLER = "filler";
    private static final int CHUNK = 64 * 1024;
    private static final long COMMAND_SECONDS = 30;

    private final Path directory;

    private TmpfsMount(Path directory) {
        this.directory = directory;
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code directory}; empty, with why, where mounting is not permitted. */
    public static Mounted mount(Path directory, int megabytes) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        Result result =
                run(List.of("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", directory.toString()));
        if (result.status != 0) {
            return new Mounted(
                    Optional.empty(), "mount -t tmpfs is not permitted here (" + result.output.strip() + ")");
        }
        return new Mounted(Optional.of(new TmpfsMount(directory)), "");
    }

    /** A mount, or why there is none. */
    public record Mounted(Optional<TmpfsMount> mount, String whyNot) {}

    public Path directory() {
        return directory;
    }

    /** Writes a filler file until the file system says it is full; how many bytes it took. */
    public long fill() throws IOException {
        long written = 0;
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(directory.resolve(FILLER))) {
            while (true) {
                out.write(chunk);
                written += chunk.length;
            }
        } catch (IOException full) {
            if (written == 0 && !String.valueOf(full.getMessage()).contains("space")) {
                throw full;
            }
            return written;
        }
    }

    /** Removes the filler: the space is back. */
    public void free() throws IOException {
        Files.deleteIfExists(directory.resolve(FILLER));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Result result = run(List.of("umount", "-l", directory.toString()));
        if (result.status != 0) {
            throw new IOException("umount " + directory + " failed: " + result.output);
        }
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, String.join(" ", command) + " did not finish");
        }
        return new Result(
                process.exitValue(), new String(process.getInputStream().readAllBytes()));
    }
}
