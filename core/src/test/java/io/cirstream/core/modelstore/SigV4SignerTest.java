package io.cirstream.core.modelstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The signing examples of AWS's S3 documentation ("Signature Calculations for the Authorization Header"). */
class SigV4SignerTest {

    private static final S3Credentials EXAMPLE_KEY =
            new S3Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
    private static final Instant EXAMPLE_TIME = Instant.parse("2013-05-24T00:00:00Z");
    private final SigV4Signer signer = new SigV4Signer(EXAMPLE_KEY, "us-east-1", "s3");

    @Test
    void getObjectWithARangeMatchesTheDocumentedSignature() {
        Map<String, String> headers = signer.sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/test.txt"),
                Map.of("Range", "bytes=0-9"),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                EXAMPLE_TIME);
        assertThat(headers.get("Authorization"))
                .isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,"
                        + " SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                        + " Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
        assertThat(headers).containsEntry("x-amz-date", "20130524T000000Z");
    }

    @Test
    void putObjectWithAnEncodedKeyMatchesTheDocumentedSignature() {
        byte[] body = "Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8);
        Map<String, String> given = new LinkedHashMap<>();
        given.put("Date", "Fri, 24 May 2013 00:00:00 GMT");
        given.put("x-amz-storage-class", "REDUCED_REDUNDANCY");
        Map<String, String> headers = signer.sign(
                "PUT",
                URI.create("https://examplebucket.s3.amazonaws.com/" + SigV4Signer.encode("test$file.text", true)),
                given,
                SigV4Signer.sha256Hex(body),
                EXAMPLE_TIME);
        assertThat(SigV4Signer.sha256Hex(body))
                .isEqualTo("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
        assertThat(headers.get("Authorization"))
                .endsWith("SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,"
                        + " Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
    }

    @Test
    void listObjectsWithQueryParametersMatchesTheDocumentedSignature() {
        Map<String, String> headers = signer.sign(
                "GET",
                URI.create("https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2"),
                Map.of(),
                SigV4Signer.EMPTY_PAYLOAD_SHA256,
                EXAMPLE_TIME);
        assertThat(headers.get("Authorization"))
                .endsWith("Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
    }

    @Test
    void encodingKeepsUnreservedCharactersAndEscapesTheRest() {
        assertThat(SigV4Signer.encode("a-b_c.d~e/f g+h=é", true)).isEqualTo("a-b_c.d~e/f%20g%2Bh%3D%C3%A9");
        assertThat(SigV4Signer.encode("a/b", false)).isEqualTo("a%2Fb");
    }

    @Test
    void theSecretNeverShowsInToString() {
        assertThat(EXAMPLE_KEY.toString()).doesNotContain("wJalr").contains("****");
    }
}
