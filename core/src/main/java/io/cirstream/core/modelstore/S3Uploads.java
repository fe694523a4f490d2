package io.cirstream.core.modelstore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** The encoding side of the S3 model store: multipart uploads of large files, checksums and key encoding. */
final class S3Uploads {

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~";

    private S3Uploads() {}

    /**
     * Uploads {@code file} in parts of {@code partSize} bytes (the last one shorter), each with its SHA-256, and
     * completes the upload; aborts it (so no parts are left billed) when a part fails.
     */
    static void multipart(S3Client client, String bucket, String key, Path file, long size, int partSize)
            throws IOException {
        String uploadId = client.createMultipartUpload(
                        b -> b.bucket(bucket).key(key).checksumAlgorithm(ChecksumAlgorithm.SHA256))
                .uploadId();
        try (InputStream in = Files.newInputStream(file)) {
            List<CompletedPart> parts = new ArrayList<>();
            long sent = 0;
            for (int number = 1; sent < size; number++) {
                byte[] part = in.readNBytes((int) Math.min(partSize, size - sent));
                if (part.length == 0) {
                    throw new IOException(file + " ended after " + sent + " of its " + size + " bytes");
                }
                String checksum = sha256Base64(part);
                int partNumber = number;
                String etag = client.uploadPart(
                                b -> b.bucket(bucket)
                                        .key(key)
                                        .uploadId(uploadId)
                                        .partNumber(partNumber)
                                        .checksumSHA256(checksum),
                                RequestBody.fromBytes(part))
                        .eTag();
                parts.add(CompletedPart.builder()
                        .partNumber(partNumber)
                        .eTag(etag)
                        .checksumSHA256(checksum)
                        .build());
                sent += part.length;
            }
            client.completeMultipartUpload(
                    b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
        } catch (IOException | RuntimeException e) {
            try {
                client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
            } catch (SdkException abort) {
                e.addSuppressed(abort);
            }
            throw e;
        }
    }

    /** The base64 of a SHA-256 given in hex, as S3's {@code x-amz-checksum-sha256} wants it. */
    static String base64(String sha256Hex) {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex));
    }

    static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** A key percent-encoded for a URI path: every byte but the unreserved characters and {@code /}. */
    static String encodePath(String key) {
        StringBuilder out = new StringBuilder();
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c == '/' || (c < 128 && UNRESERVED.indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }
}
