package io.cirstream.query.app;

import io.cirstream.core.config.Settings;
import io.cirstream.query.config.QueryConfig;
import io.cirstream.query.web.WebDemoConfig;
import java.util.concurrent.CountDownLatch;

/** {@code main}: the query service configured from the environment and system properties, until SIGTERM. */
public final class QueryApp {

    private QueryApp() {}

    public static void main(String[] args) throws InterruptedException {
        Settings settings = Settings.fromSystem();
        QueryService service = QueryService.start(
                QueryConfig.from(settings), java.util.Optional.empty(), WebDemoConfig.from(settings));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
