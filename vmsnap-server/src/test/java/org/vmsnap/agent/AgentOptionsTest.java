package org.vmsnap.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    private static final List<String> OK =
            List.of("--node", "node-a", "--broker", "amqp://a:b@h:5672/vmsnap", "--data-dir", "/srv/vmsnap");

    @Test
    void readsTheOptionsInBothSpellings() {
        AgentOptions o = AgentOptions.parse(OK);
        assertThat(o.node()).isEqualTo("node-a");
        assertThat(o.dataDir()).isEqualTo(Path.of("/srv/vmsnap"));
        assertThat(o.heartbeat()).isEqualTo(Duration.ofSeconds(10));
        AgentOptions eq = AgentOptions.parse(
                List.of("--node=n1", "--broker=amqps://h/v", "--data-dir=/d", "--heartbeat=3", "--address=10.0.0.1"));
        assertThat(eq.heartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(eq.address()).isEqualTo("10.0.0.1");
    }

    @Test
    void refusesWhatItCannotUse() {
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--broker", "amqp://h", "--data-dir", "/d")))
                .hasMessageContaining("--node");
        assertThatThrownBy(
                        () -> AgentOptions.parse(List.of("--node", "a/b", "--broker", "amqp://h", "--data-dir", "/d")))
                .hasMessageContaining("hostname");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--node", "a", "--broker", "http://h", "--data-dir", "/d")))
                .hasMessageContaining("amqp");
        assertThatThrownBy(() -> AgentOptions.parse(
                        List.of("--node", "a", "--broker", "amqp://h", "--data-dir", "/d", "--heartbeat", "0")))
                .hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> AgentOptions.parse(List.of(
                        "--node", "a", "--broker", "amqp://h", "--data-dir", "/d", "--heartbeat", "99999999999")))
                .hasMessageContaining("heartbeat");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--node"))).hasMessageContaining("missing value");
        assertThatThrownBy(() -> AgentOptions.parse(List.of("--frobnicate", "x")))
                .hasMessageContaining("unknown");
    }
}
