package io.cirstream.core.model;

import io.cirstream.core.io.DurableFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model bundle as one file, so that it travels through the model store like a Combiner's weights and is announced
 * with one SHA-256: a zip of the bundle directory's files (flat: a bundle has no subdirectories), in name order, with
 * fixed timestamps, so the same bundle always gives the same archive. Unpacking refuses what a hostile archive might
 * hold: names with a path (zip slip), directories, too many entries, more bytes than allowed.
 */
public final class BundleArchive {

    /** The most files a bundle archive may hold. */
    static final int MAX_ENTRIES = 64;

    private static final FileTime FIXED_TIME = FileTime.fromMillis(0);

    private BundleArchive() {}

    /**
     * Writes the bundle directory's files into {@code archive} and returns the archive's SHA-256. The bundle is opened
     * first with its checksums verified: an archive is never made of a damaged bundle.
     */
    public static String pack(Path bundleDir, Path archive) {
        ModelBundle.open(bundleDir, true);
        List<Path> files;
        try (Stream<Path> listing = Files.list(bundleDir)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the bundle " + bundleDir, e);
        }
        if (files.size() > MAX_ENTRIES) {
            throw new ModelBundleException("the bundle " + bundleDir + " has " + files.size()
                    + " files; an archive holds at most " + MAX_ENTRIES);
        }
        try (OutputStream out = Files.newOutputStream(archive);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.setLevel(1);
            for (Path file : files) {
                ZipEntry entry = new ZipEntry(file.getFileName().toString());
                entry.setLastModifiedTime(FIXED_TIME);
                zip.putNextEntry(entry);
                Files.copy(file, zip);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bundle archive " + archive, e);
        }
        try {
            DurableFiles.force(archive);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot sync the bundle archive " + archive, e);
        }
        return ModelBundle.sha256(archive);
    }

    /**
     * Unpacks {@code archive} into the new directory {@code target} and opens the bundle there with its checksums
     * verified.
     *
     * @param maxBytes the most bytes all files together may have once unpacked
     * @throws ModelBundleException when the archive is hostile or not a valid bundle
     */
    public static ModelBundle unpack(Path archive, Path target, long maxBytes) {
        try {
            Files.createDirectories(target);
            long total = 0;
            int entries = 0;
            try (InputStream in = Files.newInputStream(archive);
                    ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                    if (++entries > MAX_ENTRIES) {
                        throw new ModelBundleException(archive + " holds more than " + MAX_ENTRIES + " files");
                    }
                    String name = entry.getName();
                    if (entry.isDirectory()
                            || name.isEmpty()
                            || name.contains("/")
                            || name.contains("\\")
                            || name.equals(".")
                            || name.equals("..")) {
                        throw new ModelBundleException(
                                archive + " holds '" + name + "': a bundle archive holds plain file names only");
                    }
                    Path file = target.resolve(name);
                    try (OutputStream out = Files.newOutputStream(file)) {
                        byte[] buffer = new byte[1 << 16];
                        for (int n; (n = zip.read(buffer)) >= 0; ) {
                            total += n;
                            if (total > maxBytes) {
                                throw new ModelBundleException(
                                        archive + " unpacks to more than " + maxBytes + " bytes (the limit)");
                            }
                            out.write(buffer, 0, n);
                        }
                    }
                    DurableFiles.force(file);
                }
            }
            DurableFiles.syncDirectory(target);
        } catch (IOException e) {
            throw new ModelBundleException("cannot unpack the bundle archive " + archive + ": " + e.getMessage(), e);
        }
        return ModelBundle.open(target, true);
    }
}
