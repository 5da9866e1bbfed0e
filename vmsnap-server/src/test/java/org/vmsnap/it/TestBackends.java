package org.vmsnap.it;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** The two databases every repository-level integration test runs on: an H2 file and a real PostgreSQL. */
public final class TestBackends {
    private TestBackends() {}

    static Path freshDataDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh data directory and the given database for one application context. */
    static void configure(
            ConfigurableApplicationContext context, String kind, String url, String user, String password) {
        Path dir = freshDataDir("vmsnap-" + kind + "-");
        Map<String, Object> properties = Map.of(
                "vmsnap.data-dir",
                dir.toString(),
                "spring.datasource.url",
                url.replace("{dir}", dir.toString()),
                "spring.datasource.username",
                user,
                "spring.datasource.password",
                password,
                "VMSNAP_ADMIN_PASSWORD",
                IntegrationTest.ADMIN_PASSWORD,
                "vmsnap.vm.freeze-timeout",
                "PT3S");
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("vmsnap-test", properties));
        context.getBeanFactory().registerSingleton("clock", TestClock.CLOCK);
    }

    /** An H2 file database in a new data directory. */
    public static final class H2 implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            configure(context, "h2", "jdbc:h2:file:{dir}/db/vmsnap;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "sa", "");
        }
    }

    /** A real PostgreSQL from the embedded binaries, started once per test JVM. */
    public static final class Postgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        private static EmbeddedPostgres server;

        static synchronized EmbeddedPostgres server() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder().start();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start embedded PostgreSQL", e);
                }
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
            return server;
        }

        @Override
        public void initialize(ConfigurableApplicationContext context) {
            configure(context, "pg", server().getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
        }
    }
}
