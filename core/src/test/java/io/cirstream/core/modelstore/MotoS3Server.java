package io.cirstream.core.modelstore;

import io.cirstream.core.testkit.Repository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * moto's S3-protocol server for tests ({@code .venv-moto/bin/moto_server}, built by {@code tools/setup-moto.sh}) on a
 * free local port, with signature checking on: the first three requests (creating an IAM user, its policy and its
 * access key) are let through unauthenticated, every later one must carry a valid SigV4 signature of that key.
 */
final class MotoS3Server implements AutoCloseable {

    static final String REGION = "us-east-1";
    private static final Path BINARY =
            Repository.root().resolve(".venv-moto").resolve("bin").resolve("moto_server");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int UNAUTHENTICATED_SETUP_REQUESTS = 3;
    private static final String USER = "cirstream-trainer";
    private static final String ALLOW_S3 =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:*\","
                    + "\"iam:CreateRole\",\"iam:PutRolePolicy\",\"sts:AssumeRole\"],\"Resource\":\"*\"}]}";
    private static final String ROLE = "cirstream-trainer-role";
    private static final String TRUST_ACCOUNT =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                    + "\"arn:aws:iam::123456789012:user/" + USER + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    private static final String ROLE_S3 =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                    + "\"Resource\":\"*\"}]}";

    private final Process process;
    private final int port;
    private final Path log;
    private S3Credentials credentials;

    private MotoS3Server(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static String notInstalledMessage() {
        return "moto_server is not installed at " + BINARY + ": run tools/setup-moto.sh (bin/test does) to run the S3"
                + " model-store tests against a real S3-protocol server";
    }

    static MotoS3Server start() {
        try {
            int port = freePort();
            Path log = Files.createTempFile("moto-s3", ".log");
            ProcessBuilder builder = new ProcessBuilder(
                            BINARY.toString(), "-H", "127.0.0.1", "-p", Integer.toString(port))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("INITIAL_NO_AUTH_ACTION_COUNT", Integer.toString(UNAUTHENTICATED_SETUP_REQUESTS));
            MotoS3Server server = new MotoS3Server(builder.start(), port, log);
            try {
                server.awaitPort();
                server.credentials = server.createAccessKey();
            } catch (RuntimeException | IOException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start moto_server", e);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    S3Credentials credentials() {
        return credentials;
    }

    /** How a store reaches this server with {@code key}. */
    ModelStoreConfig.S3Access access(S3Credentials key) {
        return new ModelStoreConfig.S3Access(
                Optional.of(endpoint()), REGION, true, Optional.of(key), Duration.ofSeconds(30));
    }

    /** The SDK's client for this server, with the test user's key (for a test's setup). */
    S3Client client() {
        return S3Clients.client(access(credentials));
    }

    /** A new bucket. */
    void createBucket(String bucket) {
        try (S3Client client = client()) {
            client.createBucket(b -> b.bucket(bucket));
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // a log file left in the temporary directory
        }
    }

    private S3Credentials createAccessKey() throws IOException {
        iam(Map.of("Action", "CreateUser", "UserName", USER));
        iam(Map.of("Action", "PutUserPolicy", "UserName", USER, "PolicyName", "s3", "PolicyDocument", ALLOW_S3));
        String answer = iam(Map.of("Action", "CreateAccessKey", "UserName", USER));
        return new S3Credentials(element(answer, "AccessKeyId"), element(answer, "SecretAccessKey"));
    }

    /** An IAM query-API call, signed with a placeholder key (moto lets the first calls through unchecked). */
    private String iam(Map<String, String> parameters) throws IOException {
        return query("iam", "2010-05-08", parameters, new S3Credentials("setup", "setup"));
    }

    /**
     * Temporary credentials (STS {@code AssumeRole} of a role allowed S3, by the test user): a key, its secret and a
     * session token, as an instance profile or IRSA hands them out.
     */
    S3Credentials sessionCredentials() throws IOException {
        String role = query(
                "iam",
                "2010-05-08",
                Map.of(
                        "Action",
                        "CreateRole",
                        "RoleName",
                        ROLE + "-" + System.nanoTime(),
                        "AssumeRolePolicyDocument",
                        TRUST_ACCOUNT),
                credentials);
        String roleName = element(role, "RoleName");
        query(
                "iam",
                "2010-05-08",
                Map.of("Action", "PutRolePolicy", "RoleName", roleName, "PolicyName", "s3", "PolicyDocument", ROLE_S3),
                credentials);
        String answer = query(
                "sts",
                "2011-06-15",
                Map.of("Action", "AssumeRole", "RoleArn", element(role, "Arn"), "RoleSessionName", "test"),
                credentials);
        return new S3Credentials(
                element(answer, "AccessKeyId"),
                element(answer, "SecretAccessKey"),
                Optional.of(element(answer, "SessionToken")));
    }

    /** A query-API call (form-encoded POST), signed with the SDK's SigV4 signer. */
    private String query(String service, String version, Map<String, String> parameters, S3Credentials key)
            throws IOException {
        StringBuilder form = new StringBuilder("Version=" + version);
        parameters.forEach((name, value) -> form.append('&')
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        byte[] body = form.toString().getBytes(StandardCharsets.UTF_8);
        URI uri = URI.create(endpoint() + "/");
        SignedRequest signed = AwsV4HttpSigner.create()
                .sign(r -> r.identity(AwsCredentialsIdentity.create(key.accessKeyId(), key.secretAccessKey()))
                        .request(SdkHttpRequest.builder()
                                .method(SdkHttpMethod.POST)
                                .uri(uri)
                                .putHeader("Content-Type", "application/x-www-form-urlencoded")
                                .build())
                        .payload(ContentStreamProvider.fromByteArray(body))
                        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                        .putProperty(AwsV4HttpSigner.REGION_NAME, REGION));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> request.header(name, value));
            }
        });
        try {
            HttpResponse<String> response =
                    HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto " + service + " " + parameters.get("Action") + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String element(String xml, String tag) {
        Matcher matcher = Pattern.compile("<" + tag + ">([^<]+)</" + tag + ">").matcher(xml);
        if (!matcher.find()) {
            throw new IllegalStateException("moto's answer has no " + tag + ": " + xml);
        }
        return matcher.group(1);
    }

    private void awaitPort() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "moto_server exited with status " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for moto_server", interrupted);
                }
            }
        }
        throw new IllegalStateException("moto_server did not open port " + port + " within " + START_TIMEOUT);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
