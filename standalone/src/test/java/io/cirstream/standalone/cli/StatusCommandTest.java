package io.cirstream.standalone.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cirstream.core.ops.HealthStatus;
import io.cirstream.core.ops.ServiceHttp;
import io.cirstream.core.ops.ServiceMetrics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code status} against a real service HTTP server: each check printed; a down check or no answer is exit 1. */
class StatusCommandTest {

    @Test
    void printsEveryCheckAndFailsWhenAServiceIsDownOrSilent() throws Exception {
        int silent;
        try (ServerSocket socket = new ServerSocket(0)) {
            silent = socket.getLocalPort();
        }
        try (ServiceHttp up = ServiceHttp.builder("ingest")
                        .port(0)
                        .registry(ServiceMetrics.create("ingest"))
                        .health("rebuild", () -> HealthStatus.up("REBUILDING: 40 of 100 records"))
                        .start();
                ServiceHttp down = ServiceHttp.builder("query")
                        .port(0)
                        .registry(ServiceMetrics.create("query"))
                        .health("store", () -> HealthStatus.down("the store's active collection is none"))
                        .start()) {
            String healthy = "http://localhost:" + up.port();
            StringWriter out = new StringWriter();
            CommandLine cli = CirstreamCli.commandLine();
            cli.setOut(new PrintWriter(out));
            assertThat(cli.execute("status", "--url", healthy)).isZero();
            assertThat(out.toString()).contains("ingest (" + healthy + "): UP", "rebuild", "REBUILDING: 40 of 100");

            StringWriter mixed = new StringWriter();
            CommandLine again = CirstreamCli.commandLine();
            again.setOut(new PrintWriter(mixed));
            int exit = again.execute(
                    "status",
                    "--url",
                    healthy + ",http://localhost:" + down.port() + ",http://localhost:" + silent,
                    "--timeout",
                    "2s");
            assertThat(exit).isEqualTo(1);
            assertThat(mixed.toString())
                    .contains("query (", "DOWN", "active collection is none", "localhost:" + silent + ": no answer");
        }
    }
}
