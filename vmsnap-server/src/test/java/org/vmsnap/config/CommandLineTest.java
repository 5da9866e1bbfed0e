package org.vmsnap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream originalErr;

    @BeforeEach
    void captureStderr() {
        originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(originalErr);
    }

    private static String[] args(String line) {
        return line.isEmpty() ? new String[0] : line.split(" ");
    }

    @Test
    void aControlPlaneWithABrokerHasNoNodeOfItsOwnUnlessGivenOne() {
        assertThat(CommandLine.toSpringArguments(args("server --broker amqp://u:p@h:5672/v")))
                .containsExactly("--vmsnap.broker=amqp://u:p@h:5672/v", "--vmsnap.local-node=");
        assertThat(CommandLine.toSpringArguments(args("server --broker amqp://h --local-node head1")))
                .containsExactly("--vmsnap.broker=amqp://h", "--vmsnap.local-node=head1");
        assertThat(CommandLine.toSpringArguments(args("server --port 8001"))).containsExactly("--server.port=8001");
    }

    @Test
    void everyOptionBecomesASpringProperty() {
        String[] spring = CommandLine.toSpringArguments(args("server --port 8001 --bind 0.0.0.0 --data-dir /x"
                + " --db-url jdbc:postgresql://h/db --db-user u --db-password p"));
        assertThat(spring)
                .containsExactly(
                        "--server.port=8001",
                        "--server.address=0.0.0.0",
                        "--vmsnap.data-dir=/x",
                        "--spring.datasource.url=jdbc:postgresql://h/db",
                        "--spring.datasource.username=u",
                        "--spring.datasource.password=p");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of("server", new String[0]),
                Arguments.of("", new String[0]),
                Arguments.of("--port=9", new String[] {"--server.port=9"}),
                Arguments.of("server --port=9", new String[] {"--server.port=9"}),
                Arguments.of("--port 9", new String[] {"--server.port=9"}),
                Arguments.of(
                        "--db-url=jdbc:h2:mem:x;MODE=PostgreSQL",
                        new String[] {"--spring.datasource.url=jdbc:h2:mem:x;MODE=PostgreSQL"}),
                Arguments.of("--db-password=a=b", new String[] {"--spring.datasource.password=a=b"}),
                Arguments.of("--db-password=", new String[] {"--spring.datasource.password="}),
                Arguments.of(
                        "--spring.main.banner-mode=off --server.port=1 --vmsnap.x=y",
                        new String[] {"--spring.main.banner-mode=off", "--server.port=1", "--vmsnap.x=y"}),
                Arguments.of("--logging.level.org.vmsnap=DEBUG", new String[] {"--logging.level.org.vmsnap=DEBUG"}),
                Arguments.of("--port 1 --port 2", new String[] {"--server.port=1", "--server.port=2"}));
    }

    @ParameterizedTest
    @MethodSource
    void accepted(String line, String[] expected) {
        assertThat(CommandLine.toSpringArguments(args(line))).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "--nope",
                "server --nope 1",
                "--port",
                "server --port 8001 --bind",
                "-p 8001",
                "serve --port 1",
                "server server",
                "--PORT 1"
            })
    void wrongArgumentsGiveNullAndUsage(String line) {
        assertThat(CommandLine.toSpringArguments(args(line))).isNull();
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: vmsnap server");
    }
}
